"""Decompression bombs are refused on every upload path (R-13, R-15): the admin's form shows the
Chinese reason beside the file field, a script meets the same refusal in the storage, nothing
is stored, the refusal is a security event; the limits are the project's options."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from cms.security.archives import ArchiveRefused
from cms.security.filetypes import MSG_XML_UNSAFE
from cms.security.models import SecurityEvent
from tests.cms.security.scanning import bombs

from .conftest import stored_files

pytestmark = pytest.mark.django_db

Document = get_document_model()


def add_document(client, root_collection, name, data):
    form = {"title": name, "file": SimpleUploadedFile(name, data), "collection": root_collection.pk}
    return client.post("/admin/documents/add/", form)


def test_admin_refuses_a_zip_bomb_and_records_it(uploader, site_admin, media_root, root_collection):
    response = add_document(uploader, root_collection, "通知.docx", bombs.ratio_bomb())

    assert response.status_code == 200
    page = response.content.decode()
    assert "可能是恶意构造的“压缩炸弹”，不予接收" in page
    assert "解压后超过压缩大小的100倍" in page
    assert not Document.objects.exists()
    assert stored_files(media_root) == []
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.UPLOAD_REJECTED)
    assert event.user == site_admin
    assert event.detail["reason"] == ArchiveRefused.RATIO


def test_script_storing_a_billion_laughs_docx_is_refused(media_root):
    with pytest.raises(ValidationError) as refused:
        Document.objects.create(title="实体", file=ContentFile(bombs.billion_laughs(), "a.docx"))

    reason = "部件“word/document.xml”含有 DTD 或实体声明"
    assert refused.value.messages == [MSG_XML_UNSAFE.format(reason=reason)]
    assert stored_files(media_root) == []


def test_the_limits_are_project_options(settings, media_root):
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_ARCHIVE_MAX_RATIO": 1000}
    Document.objects.create(title="宽松", file=ContentFile(bombs.ratio_bomb(), "a.docx"))

    settings.XIUYING = {**settings.XIUYING, "UPLOAD_ARCHIVE_MAX_XML_DEPTH": 50}
    with pytest.raises(ValidationError, match="嵌套超过50层"):
        Document.objects.create(title="嵌套", file=ContentFile(bombs.deeply_nested(30), "b.docx"))


def test_a_large_real_document_is_stored(uploader, media_root, root_collection):
    response = add_document(uploader, root_collection, "年度报告.docx", bombs.large_legitimate())

    assert response.status_code == 302
    assert Document.objects.get().title == "年度报告.docx"
