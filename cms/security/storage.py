"""The default storage: nothing reaches MEDIA_ROOT without the upload check (R-15).

Why a storage and not a ``pre_save`` receiver on Wagtail's Document and Image: ``FieldFile.save()``
writes the file at once, with no model save at all (Wagtail's multiple uploader does exactly that,
``self.object.file.save(name, content, save=False)``), and a receiver would see only those two
models, not the uploader's temporary ``UploadedFile`` or any other file field. ``Storage._save``
is the one point every path goes through just before bytes are written: the admin's forms, the
multiple uploader, Wagtail's API, ``Document.objects.create(file=...)`` in a script, the demo
seeder. A refused file raises ``ValidationError`` before anything is written, and the model is
not inserted because the field's ``pre_save`` runs before the INSERT.

With ``AWS_STORAGE_BUCKET_NAME`` set, ``ScanningS3Storage`` does the same in front of
django-storages' S3 backend: ``S3Storage.save`` also ends in ``_save``.

``media_quarantine`` (used by ``manage.py rescan_media``) moves a file found infected later out
of MEDIA_ROOT into the ``quarantine`` storage.

Files the admin's forms already checked are marked and not scanned twice. Image renditions go to
their own storage (``WAGTAILIMAGES_RENDITION_STORAGE``): Willow writes them from an original that
passed this check.
"""

from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import transaction
from django.utils import timezone
from PIL import Image as PillowImage
from storages.backends.s3 import S3Storage

from cms.core.office_time import MINUTES_TEXT, office_text
from cms.security.uploads import clamd_client, upload_check, upload_was_checked

# Wagtail's upload_to directories -> what may be stored there.
KIND_GROUP_BY_DIRECTORY = {"original_images": "image", "documents": "document"}


def kind_group_for(name: str) -> str:
    directory = name.replace("\\", "/").split("/", 1)[0]
    return KIND_GROUP_BY_DIRECTORY.get(directory, "any")


class ScanningStorageMixin:
    """Put in front of any Django storage class: the check runs before the storage writes."""

    def _save(self, name, content):
        if not upload_was_checked(content):
            upload_check(content, name, kind_group=kind_group_for(name), source="storage")
        return super()._save(name, content)


class ScanningFileSystemStorage(ScanningStorageMixin, FileSystemStorage):
    """Media on local disk (the default)."""


class ScanningS3Storage(ScanningStorageMixin, S3Storage):
    """Media on S3-compatible object storage (``AWS_STORAGE_BUCKET_NAME`` set): the same check
    before any byte leaves for the bucket."""


# --------------------------------------------------------------------------- quarantine

QUARANTINED_TITLE = "【已隔离】{title}"
QUARANTINE_NOTE = (
    "该文件于{time}（北京时间）复查时检出病毒（{signature}），原文件已移出网站并隔离保存。"
    "如有疑问请联系网站专管员。\n"
)
PLACEHOLDER_SIZE = (64, 64)


def media_scan(obj) -> tuple[str, ...]:
    """The signatures clamd finds in a stored document or image now; () when it is clean.
    Raises ``ClamdError`` when it cannot say (fail closed: the caller stops)."""
    with obj.file.open("rb") as handle:
        verdict = clamd_client().scan_stream(handle)
    return verdict.signatures


@transaction.atomic
def media_quarantine(*, obj, signatures) -> str:
    """Move an infected file out of MEDIA_ROOT and put a harmless placeholder in its place.

    The row stays: pages that use the document or image keep a valid reference (no cascade, no
    dangling ids in StreamFields) but now serve the placeholder, and the title says why.
    """
    original = obj.file.name
    target = _quarantine_copy(obj, original)
    obj.title = QUARANTINED_TITLE.format(title=obj.title)[:255]
    if hasattr(obj, "renditions"):
        obj.renditions.all().delete()  # Wagtail removes their files on commit
    obj.file = _placeholder(obj, signatures)
    _refresh_metadata(obj)
    obj.save()
    transaction.on_commit(lambda: default_storage.delete(original))
    return target


def _quarantine_copy(obj, original: str) -> str:
    label = obj._meta.label_lower
    with default_storage.open(original, "rb") as handle:
        return storages["quarantine"].save(f"{label}/{obj.pk}/{Path(original).name}", handle)


def _placeholder(obj, signatures) -> ContentFile:
    if hasattr(obj, "renditions"):
        buffer = BytesIO()
        PillowImage.new("RGB", PLACEHOLDER_SIZE, (200, 200, 200)).save(buffer, format="PNG")
        return ContentFile(buffer.getvalue(), name=f"quarantined-{obj.pk}.png")
    now = office_text(timezone.now(), MINUTES_TEXT)
    note = QUARANTINE_NOTE.format(time=now, signature="、".join(signatures))
    return ContentFile(note.encode("utf-8"), name=f"quarantined-{obj.pk}.txt")


def _refresh_metadata(obj) -> None:
    if hasattr(obj, "_set_image_file_metadata"):
        obj._set_image_file_metadata()
    else:
        obj._set_document_file_metadata()
