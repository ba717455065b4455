"""Text inside pictures and scanned PDFs for screening (issue 16, R-12): asked for at upload,
read in the background worker, kept per file content (``OcrText`` by the file's hash).

A request never runs Tesseract: it reads the stored outcome, and when there is none it queues
the reading and reports the file as pending (识别中), which holds submission until it is read.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.core.conf import get_setting
from cms.screening.models import OcrText
from cms.screening.ocr import OcrError, OcrLimits, ocr_image, ocr_pdf
from cms.screening.sandbox import pdf_pictures_isolated

logger = logging.getLogger(__name__)

IMAGE, DOCUMENT = "image", "document"


@dataclass(frozen=True)
class OcrOutcome:
    text: str = ""
    problem: str = ""  # in Chinese: why a person must look at the file
    pending: bool = False


def ocr_enabled() -> bool:
    return bool(get_setting("SCREENING_OCR"))


def ocr_limits() -> OcrLimits:
    return OcrLimits(
        seconds=get_setting("SCREENING_OCR_SECONDS"),
        max_pages=get_setting("SCREENING_OCR_MAX_PAGES"),
        max_pixels=get_setting("SCREENING_OCR_MAX_PIXELS"),
    )


def _outcome(row: OcrText) -> OcrOutcome:
    if row.status == OcrText.Status.PENDING:
        return OcrOutcome(pending=True)
    return OcrOutcome(text=row.text, problem=row.problem)


def file_ocr(source: str, instance) -> OcrOutcome:
    """The stored outcome for an image or a PDF; queues the reading when there is none."""
    file_hash = instance.get_file_hash()
    row = OcrText.objects.filter(file_hash=file_hash).first()
    if row is None:
        ocr_request(source, instance.pk, file_hash)
        return OcrOutcome(pending=True)
    return _outcome(row)


def ocr_request(source: str, pk: int, file_hash: str) -> None:
    """Record the file as pending and queue its reading when the transaction commits."""
    try:
        with transaction.atomic():
            _, created = OcrText.objects.get_or_create(file_hash=file_hash)
    except IntegrityError:  # asked for at the same moment by another request
        return
    if created:
        transaction.on_commit(lambda: ocr_file_task.enqueue(source, pk))


def on_file_saved(sender, instance, created=False, **kwargs) -> None:
    """post_save of images and documents: read new pictures and PDFs at upload."""
    if not ocr_enabled() or not instance.file:
        return
    if sender is get_document_model() and instance.file_extension.lower() != "pdf":
        return
    source = DOCUMENT if sender is get_document_model() else IMAGE
    try:
        ocr_request(source, instance.pk, instance.get_file_hash())
    except OSError:  # the file is not in storage (yet): asked for again when screened
        logger.warning("OCR of %s %s not queued: its file cannot be read", source, instance.pk)


def _read(source: str, instance):
    with instance.open_file() as handle:
        data = handle.read()
    if source == DOCUMENT:
        return ocr_pdf(data, ocr_limits(), pictures_of=pdf_pictures_isolated)
    return ocr_image(data, ocr_limits())


@task()
def ocr_file_task(source: str, pk: int) -> dict:
    """Read the text of one image or PDF (the worker's job) and store it for its hash."""
    model = get_document_model() if source == DOCUMENT else get_image_model()
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        return {"skipped": True}
    file_hash = instance.get_file_hash()
    try:
        result = _read(source, instance)
    except OcrError as error:
        values = {"status": OcrText.Status.FAILED, "problem": str(error)[:255], "text": ""}
    except OSError:
        values = {"status": OcrText.Status.FAILED, "problem": "文件无法读取", "text": ""}
    else:
        values = {
            "status": OcrText.Status.DONE,
            "text": result.text,
            "pages": result.pages,
            "seconds": result.seconds,
            "problem": "",
        }
    OcrText.objects.update_or_create(file_hash=file_hash, defaults=values)
    return {"status": values["status"], "chars": len(values["text"])}
