"""manage.py rescan_media finds files that today's signatures call infected, moves them out of
MEDIA_ROOT and keeps the rows that pages point to (R-15)."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.security.models import SecurityEvent
from tests.cms.conftest import scanning_with
from tests.cms.security.scanning.samples import eicar, make_pdf, png_with_text_chunk

from .conftest import stored_files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def quarantine_root(settings, tmp_path):
    root = tmp_path / "quarantine"
    location = {"location": str(root), "base_url": None}
    backend = "django.core.files.storage.FileSystemStorage"
    settings.STORAGES = {
        **settings.STORAGES,
        "quarantine": {"BACKEND": backend, "OPTIONS": location},
    }
    return root


def stored_before_the_signature_existed(media_root, name: str, data: bytes) -> str:
    """A file written when clamd did not know it yet: straight to disk, no check on the way."""
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return name


def rescan(*args) -> str:
    out = StringIO()
    call_command("rescan_media", *args, stdout=OutputWrapper(out), stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def library(media_root):
    Document, Image = get_document_model(), get_image_model()
    clean = Document.objects.create(
        title="通知",
        file=stored_before_the_signature_existed(media_root, "documents/a.pdf", make_pdf()),
    )
    infected_pdf = make_pdf(eicar())
    document = Document.objects.create(
        title="材料",
        file=stored_before_the_signature_existed(media_root, "documents/b.pdf", infected_pdf),
    )
    png = png_with_text_chunk(eicar())
    image = Image.objects.create(
        title="照片",
        file=stored_before_the_signature_existed(media_root, "original_images/c.png", png),
        width=16,
        height=16,
    )
    return clean, document, image


def test_rescan_quarantines_infected_files_and_keeps_the_rows(
    scanning, library, media_root, quarantine_root, specialist
):
    clean, document, image = library

    output = rescan()

    assert "共复查 3 个文件：检出病毒 2 个，文件缺失 0 个。" in output
    document.refresh_from_db()
    image.refresh_from_db()
    assert document.title == "【已隔离】材料"
    assert image.title == "【已隔离】照片"
    assert document.file.read().decode().startswith("该文件于")
    files = stored_files(media_root)
    assert "documents/a.pdf" in files
    assert "documents/b.pdf" not in files
    assert "original_images/c.png" not in files
    assert stored_files(quarantine_root) == [
        f"wagtaildocs.document/{document.pk}/b.pdf",
        f"wagtailimages.image/{image.pk}/c.png",
    ]
    events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.VIRUS_FOUND)
    assert {e.detail["filename"] for e in events} == {"documents/b.pdf", "original_images/c.png"}
    assert all(e.detail["source"] == "rescan" for e in events)
    assert mail.outbox and mail.outbox[0].to == [specialist.email]


def test_dry_run_reports_and_moves_nothing(scanning, library, media_root, quarantine_root):
    output = rescan("--dry-run")

    assert "检出病毒 2 个" in output
    assert "试运行，未隔离" in output
    assert "documents/b.pdf" in stored_files(media_root)
    assert not quarantine_root.exists()


def test_rescan_stops_when_the_scanner_is_down(settings, library, quarantine_root):
    scanning_with(settings, "unix:///nonexistent/xiuying/clamd.ctl")

    with pytest.raises(CommandError, match="病毒扫描服务不可用，复查已中止"):
        rescan()

    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SCANNER_DOWN).exists()
