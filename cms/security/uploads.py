"""Every upload is type-checked by its content and virus-scanned by clamd before it is stored
(R-15): infected files, files of the wrong kind, decompression bombs (R-13) and files clamd could
not scan are refused with a Chinese message, and each refusal is a security event.

``upload_check`` is the one service; the admin's forms (``cms.security.forms``) call it to show
the message beside the file field, and the default storage (``cms.security.storage``) calls it
for every file not already checked, so scripts and any other path meet the same rule.
"""

import logging
from contextvars import ContextVar
from typing import NoReturn

from django.core.exceptions import ValidationError

from cms.core.conf import get_setting
from cms.security import alerts
from cms.security.archives import ArchiveLimits
from cms.security.clamav import (
    MSG_UNAVAILABLE,
    ClamdClient,
    ClamdError,
    ScannerUnavailable,
    VirusFound,
)
from cms.security.events import security_event_record
from cms.security.filetypes import (
    ALL_KINDS,
    DOCUMENT_KINDS,
    IMAGE_KINDS,
    VIDEO_KINDS,
    FileKind,
    UploadRejected,
    check_upload,
)
from cms.security.models import SecurityEvent

logger = logging.getLogger(__name__)

KIND_GROUPS = {
    "image": IMAGE_KINDS,
    # WAGTAILDOCS_EXTENSIONS admits MP4 videos as documents (the article body's video block).
    "document": DOCUMENT_KINDS | VIDEO_KINDS,
    "any": ALL_KINDS,
}
SCANNER_UNAVAILABLE = MSG_UNAVAILABLE
# Rejections for which asking clamd is pointless (nothing to scan, or more than it accepts).
_NOT_WORTH_SCANNING = frozenset({UploadRejected.EMPTY, UploadRejected.TOO_LARGE})
_CHECKED_ATTR = "_xiuying_upload_checked"
_request: ContextVar = ContextVar("xiuying_upload_request", default=None)


class UploadRequestMiddleware:
    """Makes the request known to uploads checked deep inside Wagtail's forms and the storage,
    which are not given it, so that refusals are recorded with the uploader's address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_request():
    return _request.get()


def clamd_client() -> ClamdClient:
    return ClamdClient(get_setting("CLAMD_URL"), timeout=get_setting("CLAMD_TIMEOUT_SECONDS"))


def upload_archive_limits() -> ArchiveLimits:
    """The decompression-bomb limits of Office Open XML uploads, from the project's options."""
    return ArchiveLimits(
        max_parts=get_setting("UPLOAD_ARCHIVE_MAX_PARTS"),
        max_ratio=get_setting("UPLOAD_ARCHIVE_MAX_RATIO"),
        max_expanded_bytes=get_setting("UPLOAD_ARCHIVE_MAX_EXPANDED_BYTES"),
        max_xml_bytes=get_setting("UPLOAD_ARCHIVE_MAX_XML_BYTES"),
        max_xml_depth=get_setting("UPLOAD_ARCHIVE_MAX_XML_DEPTH"),
    )


def upload_was_checked(fileobj) -> bool:
    return getattr(fileobj, _CHECKED_ATTR, False) is True


def upload_check(
    fileobj, filename: str, *, kind_group: str, request=None, source: str = "form"
) -> FileKind:
    """Check ``fileobj`` by content, then with clamd; raise ``ValidationError`` to refuse it.

    ``kind_group`` is ``"image"``, ``"document"`` or ``"any"``. ``source`` says which path
    asked (form, storage, rescan) in the security event.
    """
    # Storage writes the whole file (``chunks()`` seeks to 0), whatever an earlier reader (such
    # as Wagtail's image field) left the position at, so the whole file is what is checked.
    fileobj.seek(0)
    context = _Context(fileobj, filename, kind_group, request or current_request(), source)
    try:
        kind = check_upload(
            fileobj,
            filename,
            max_size=get_setting("UPLOAD_MAX_BYTES"),
            allowed=KIND_GROUPS[kind_group],
            archive_limits=upload_archive_limits(),
        )
    except UploadRejected as rejection:
        _refuse_rejected(context, rejection)
    if get_setting("UPLOAD_SCANNING"):
        _scan_or_refuse(context)
    setattr(fileobj, _CHECKED_ATTR, True)
    return kind


class _Context:
    def __init__(self, fileobj, filename, kind_group, request, source):
        self.fileobj = fileobj
        self.request = request
        self.detail = {
            "filename": str(filename)[:255],
            "size": _size(fileobj),
            "kind_group": kind_group,
            "source": source,
        }

    def record(self, kind, **detail):
        return security_event_record(kind, request=self.request, **self.detail, **detail)


def _size(fileobj) -> int | None:
    size = getattr(fileobj, "size", None)
    if size is None and hasattr(fileobj, "seek"):
        position = fileobj.tell()
        size = fileobj.seek(0, 2) - position
        fileobj.seek(position)
    return size


def _scan_or_refuse(context: _Context) -> None:
    try:
        clamd_client().ensure_clean(context.fileobj)
    except VirusFound as found:
        _refuse_virus(context, found)
    except ScannerUnavailable as down:
        context.record(SecurityEvent.Kind.SCANNER_DOWN, error=str(down))
        alerts.alert_scanner_down(detail=str(down))
        raise ValidationError(down.user_message, code="scanner_unavailable") from down
    except ClamdError as failed:
        context.record(SecurityEvent.Kind.UPLOAD_REJECTED, reason="scan_error", error=str(failed))
        raise ValidationError(failed.user_message, code="scan_error") from failed


def _refuse_virus(context: _Context, found: VirusFound) -> NoReturn:
    verdict = found.verdict
    if verdict.limits_exceeded:
        # Not a virus: clamd could not scan it completely, so it is refused all the same.
        context.record(SecurityEvent.Kind.UPLOAD_REJECTED, reason="scan_limits_exceeded")
        raise ValidationError(found.user_message, code="scan_limits") from found
    event = context.record(SecurityEvent.Kind.VIRUS_FOUND, signatures=list(verdict.signatures))
    alerts.alert_virus_found(event=event)
    raise ValidationError(found.user_message, code="virus_found") from found


def _refuse_rejected(context: _Context, rejection: UploadRejected) -> NoReturn:
    # A file of the wrong type may still carry malware; asking clamd first means an attempt to
    # upload a virus is recorded and reported as such whatever name or type it came with.
    if get_setting("UPLOAD_SCANNING") and rejection.code not in _NOT_WORTH_SCANNING:
        try:
            clamd_client().ensure_clean(context.fileobj)
        except VirusFound as found:
            _refuse_virus(context, found)
        except ClamdError:
            logger.info("upload refused by type; clamd could not classify it further")
    context.record(SecurityEvent.Kind.UPLOAD_REJECTED, reason=rejection.code)
    raise ValidationError(rejection.user_message, code="upload_rejected") from rejection
