"""The default storage checks every file that reaches it (R-15): scripts, the demo seeder and any
path that skips the admin's forms meet the same type check and clamd scan, and a refused file
leaves neither a row nor a file behind."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.security import uploads
from cms.security.clamav import MSG_UNAVAILABLE
from cms.security.filetypes import MSG_TOO_LARGE, MSG_UNSUPPORTED, allowed_types_text
from cms.security.models import SecurityEvent
from cms.security.storage import kind_group_for
from cms.security.uploads import KIND_GROUPS, upload_check
from tests.cms.conftest import scanning_with
from tests.cms.security.scanning.samples import eicar, make_image, make_pdf, png_with_text_chunk

from .conftest import stored_files

# Scripts run in autocommit, outside any transaction: so do these tests (a refused save marks an
# enclosing atomic block for rollback, as Django does for any exception in Model.save).
pytestmark = pytest.mark.django_db(transaction=True)

Document = get_document_model()
Image = get_image_model()


def image_file(data: bytes, name: str = "photo.png") -> ImageFile:
    return ImageFile(io.BytesIO(data), name=name)


def test_script_creating_an_eicar_document_is_refused(scanning, media_root):
    with pytest.raises(ValidationError, match="Eicar-Test-Signature"):
        Document.objects.create(title="病毒", file=ContentFile(eicar(), name="eicar.txt"))

    assert not Document.objects.exists()
    assert stored_files(media_root) == []
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.VIRUS_FOUND)
    assert event.detail["source"] == "storage"
    assert event.user is None


def test_script_creating_an_image_with_eicar_inside_is_refused(scanning, media_root):
    image = Image(title="病毒", file=image_file(png_with_text_chunk(eicar())), width=16, height=16)
    with pytest.raises(ValidationError, match="Eicar-Test-Signature"):
        image.save()

    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_script_creating_clean_files_stores_them(scanning, media_root):
    Document.objects.create(title="通知", file=ContentFile(make_pdf(), name="notice.pdf"))
    image = Image.objects.create(
        title="照片", file=image_file(make_image("PNG")), width=16, height=16
    )
    image.get_rendition("fill-8x8")

    files = stored_files(media_root)
    assert "documents/notice.pdf" in files
    assert "original_images/photo.png" in files
    assert any(name.startswith("images/") for name in files)  # renditions are not refused


def test_unreachable_scanner_refuses_scripts_too(settings, media_root):
    scanning_with(settings, "unix:///nonexistent/xiuying/clamd.ctl")

    with pytest.raises(ValidationError) as refused:
        Document.objects.create(title="通知", file=ContentFile(make_pdf(), name="notice.pdf"))

    assert refused.value.messages == [MSG_UNAVAILABLE]
    assert not Document.objects.exists()
    assert stored_files(media_root) == []
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SCANNER_DOWN).count() == 1


def test_type_is_checked_even_with_scanning_off(settings, media_root):
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_SCANNING": False}
    program = b"MZ\x90\x00" + bytes(200)

    with pytest.raises(ValidationError) as refused:
        Document.objects.create(title="程序", file=ContentFile(program, name="manual.pdf"))

    allowed = allowed_types_text(KIND_GROUPS["document"])
    assert refused.value.messages == [MSG_UNSUPPORTED.format(allowed=allowed)]
    assert stored_files(media_root) == []


def test_upload_larger_than_the_limit_is_refused_without_asking_clamd(settings, monkeypatch):
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_SCANNING": True, "UPLOAD_MAX_BYTES": 1024}

    def no_clamd():
        raise AssertionError("clamd must not be asked about a file refused for its size")

    monkeypatch.setattr(uploads, "clamd_client", no_clamd)
    with pytest.raises(ValidationError) as refused:
        upload_check(io.BytesIO(b"a" * 2048), "big.txt", kind_group="document")

    assert refused.value.messages == [MSG_TOO_LARGE.format(size="2 KB", limit="1 KB")]


def test_image_directory_admits_images_only():
    assert kind_group_for("original_images/photo.png") == "image"
    assert kind_group_for("documents/report.pdf") == "document"
    assert kind_group_for("wagtail_uploads/anything.bin") == "any"
