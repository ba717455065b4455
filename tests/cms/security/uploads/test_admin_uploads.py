"""Every admin upload path scans with clamd before anything is stored (R-15): document and image
add, the multiple uploaders and the chooser's upload tab. EICAR, alone and inside a PDF and a
PNG, is refused with the signature named, nothing is written, and the attempt is recorded."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from cms.security.clamav import MSG_UNAVAILABLE
from cms.security.filetypes import MSG_EXTENSION_MISMATCH
from cms.security.models import SecurityEvent
from tests.cms.conftest import scanning_with
from tests.cms.security.scanning.samples import eicar, make_image, make_pdf, png_with_text_chunk

from .conftest import stored_files

pytestmark = pytest.mark.django_db

INFECTED_PREFIX = "文件未通过病毒扫描（检出：Eicar-Test-Signature"

EICAR_DOCUMENTS = [
    pytest.param("eicar.txt", eicar, id="eicar-alone"),
    pytest.param("report.pdf", lambda: make_pdf(eicar()), id="eicar-in-pdf"),
]
EICAR_IMAGES = [
    pytest.param("photo.png", lambda: png_with_text_chunk(eicar()), id="eicar-in-png"),
    pytest.param("eicar.png", eicar, id="eicar-alone-named-png"),
]


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def add_document(client, root_collection, name, data):
    form = {"title": name, "file": upload(name, data), "collection": root_collection.pk}
    return client.post("/admin/documents/add/", form)


def add_image(client, root_collection, name, data):
    form = {"title": name, "file": upload(name, data), "collection": root_collection.pk}
    return client.post("/admin/images/add/", form)


def add_multiple(client, kind, root_collection, name, data):
    form = {"files[]": upload(name, data), "collection": root_collection.pk}
    return client.post(f"/admin/{kind}/multiple/add/", form).json()


def upload_events():
    kinds = [
        SecurityEvent.Kind.VIRUS_FOUND,
        SecurityEvent.Kind.SCANNER_DOWN,
        SecurityEvent.Kind.UPLOAD_REJECTED,
    ]
    return SecurityEvent.objects.filter(kind__in=kinds)


def assert_nothing_stored(media_root):
    assert not get_document_model().objects.exists()
    assert not get_image_model().objects.exists()
    assert not UploadedFile.objects.exists()
    assert stored_files(media_root) == []


def assert_virus_recorded(user):
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.VIRUS_FOUND)
    assert event.user == user
    assert event.ip_address == "127.0.0.1"
    assert event.detail["signatures"][0].startswith("Eicar-Test-Signature")
    return event


@pytest.mark.parametrize(("name", "build"), EICAR_DOCUMENTS)
def test_eicar_document_is_refused_and_nothing_stored(
    uploader, site_admin, specialist, scanning, media_root, root_collection, name, build
):
    response = add_document(uploader, root_collection, name, build())

    assert response.status_code == 200
    assert INFECTED_PREFIX in response.content.decode()
    assert_nothing_stored(media_root)
    assert_virus_recorded(site_admin)
    assert mail.outbox[0].to == [specialist.email]
    assert "检出病毒" in mail.outbox[0].subject


@pytest.mark.parametrize(("name", "build"), EICAR_IMAGES)
def test_eicar_image_is_refused_and_nothing_stored(
    uploader, site_admin, scanning, media_root, root_collection, name, build
):
    response = add_image(uploader, root_collection, name, build())

    assert response.status_code == 200
    assert INFECTED_PREFIX in response.content.decode()
    assert_nothing_stored(media_root)
    assert_virus_recorded(site_admin)


@pytest.mark.parametrize(
    ("kind", "name", "build"),
    [
        pytest.param("documents", "eicar.txt", eicar, id="documents"),
        pytest.param("documents", "a.pdf", lambda: make_pdf(eicar()), id="documents-pdf"),
        pytest.param("images", "a.png", lambda: png_with_text_chunk(eicar()), id="images-png"),
    ],
)
def test_multiple_upload_refuses_eicar(
    uploader, site_admin, scanning, media_root, root_collection, kind, name, build
):
    result = add_multiple(uploader, kind, root_collection, name, build())

    assert result["success"] is False
    assert result["error_message"].startswith(INFECTED_PREFIX)
    assert_nothing_stored(media_root)
    assert_virus_recorded(site_admin)


def test_image_chooser_upload_refuses_eicar(uploader, scanning, media_root, root_collection):
    data = png_with_text_chunk(eicar())
    form = {
        "image-chooser-upload-title": "x",
        "image-chooser-upload-file": upload("x.png", data),
        "image-chooser-upload-collection": root_collection.pk,
    }
    response = uploader.post("/admin/images/chooser/create/", form)

    assert INFECTED_PREFIX in response.json()["htmlFragment"]
    assert_nothing_stored(media_root)


def test_document_chooser_upload_refuses_eicar(uploader, scanning, media_root, root_collection):
    form = {
        "document-chooser-upload-title": "x",
        "document-chooser-upload-file": upload("x.pdf", make_pdf(eicar())),
        "document-chooser-upload-collection": root_collection.pk,
    }
    response = uploader.post("/admin/documents/chooser/create/", form)

    assert INFECTED_PREFIX in response.json()["htmlFragment"]
    assert_nothing_stored(media_root)


def test_clean_document_and_image_are_stored(uploader, scanning, media_root, root_collection):
    add_document(uploader, root_collection, "notice.pdf", make_pdf())
    add_image(uploader, root_collection, "photo.png", make_image("PNG"))
    add_multiple(uploader, "documents", root_collection, "plan.txt", "工作要点".encode())

    assert get_document_model().objects.count() == 2
    assert get_image_model().objects.count() == 1
    files = stored_files(media_root)
    assert "documents/notice.pdf" in files
    assert "original_images/photo.png" in files
    assert not upload_events().exists()


def test_file_whose_content_is_not_its_name_is_refused(uploader, media_root, root_collection):
    response = add_document(uploader, root_collection, "photo.pdf", make_image("PNG"))

    message = MSG_EXTENSION_MISMATCH.format(extension="pdf", label="PNG 图片")
    assert message in response.content.decode()
    assert_nothing_stored(media_root)
    event = upload_events().get()
    assert event.kind == SecurityEvent.Kind.UPLOAD_REJECTED
    assert event.detail["reason"] == "extension_mismatch"


def file_errors(response) -> list[str]:
    form = response.context["form"]
    return [*form.errors.get("file", []), *form.non_field_errors()]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("photo.pdf", lambda: make_image("PNG"), id="content-not-its-name"),
        pytest.param("empty.txt", lambda: b"", id="empty"),
    ],
)
def test_a_refused_document_shows_only_the_real_reason(
    uploader, media_root, root_collection, name, data
):
    """Issue 18: Wagtail's extension check of the emptied file added "文件扩展“”是不被允许"."""
    errors = file_errors(add_document(uploader, root_collection, name, data()))
    assert len(errors) == 1
    assert "不被允许" not in errors[0]


def test_stopped_clamd_refuses_every_upload(
    uploader, settings, private_clamd, media_root, root_collection, specialist
):
    scanning_with(settings, f"unix://{private_clamd.socket_path}")
    add_document(uploader, root_collection, "before.pdf", make_pdf())
    assert get_document_model().objects.count() == 1
    before = stored_files(media_root)

    assert private_clamd.script("stop").returncode == 0
    response = add_document(uploader, root_collection, "after.pdf", make_pdf())
    result = add_multiple(uploader, "images", root_collection, "a.png", make_image("PNG"))

    assert MSG_UNAVAILABLE in response.content.decode()
    assert result == {"success": False, "error_message": MSG_UNAVAILABLE}
    assert get_document_model().objects.count() == 1
    assert not get_image_model().objects.exists()
    assert stored_files(media_root) == before
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SCANNER_DOWN).count() == 2
    assert len(mail.outbox) == 1  # one alert for the outage, not one per upload
