"""Rescanning the media library with clamd's current signatures (R-15): a file that was clean on
the day it was uploaded may match tomorrow's signatures. ``manage.py rescan_media`` runs it in
the foreground; ``media_rescan_task`` in the background worker.

Every hit is moved out of MEDIA_ROOT (``cms.security.storage.media_quarantine``), recorded as a
security event and mailed to 网站专管员. If clamd cannot answer, the rescan stops with the
``ClamdError``: a rescan that skips files would report a clean library it never saw.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.security import alerts
from cms.security.clamav import ClamdError
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent
from cms.security.storage import media_quarantine, media_scan


@dataclass(frozen=True)
class RescanHit:
    label: str
    pk: int
    title: str
    filename: str
    signatures: tuple[str, ...] = ()
    quarantined: str = ""  # where the file went; "" on a dry run or for a missing file


@dataclass
class RescanReport:
    total: int = 0
    infected: list[RescanHit] = field(default_factory=list)
    missing: list[RescanHit] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"total": self.total, "infected": len(self.infected), "missing": len(self.missing)}


Progress = Callable[[list], Iterable]


def media_rescan(*, dry_run: bool = False, progress: Progress | None = None) -> RescanReport:
    """Scan every document and image; quarantine infected ones unless ``dry_run``."""
    # Loaded up front, not streamed: quarantining writes to the tables being read.
    library = [
        *get_document_model().objects.order_by("pk"),
        *get_image_model().objects.order_by("pk"),
    ]
    report = RescanReport(total=len(library))
    for obj in progress(library) if progress else library:
        _rescan_one(obj, report, dry_run=dry_run)
    return report


def _rescan_one(obj, report: RescanReport, *, dry_run: bool) -> None:
    hit = RescanHit(obj._meta.verbose_name, obj.pk, obj.title, obj.file.name)
    try:
        signatures = media_scan(obj)
    except FileNotFoundError:
        report.missing.append(hit)
        return
    except ClamdError as error:
        security_event_record(SecurityEvent.Kind.SCANNER_DOWN, source="rescan", error=str(error))
        raise
    if signatures:
        target = "" if dry_run else media_quarantine(obj=obj, signatures=signatures)
        _record(obj, hit.filename, signatures, target)
        report.infected.append(replace(hit, signatures=tuple(signatures), quarantined=target))


def _record(obj, filename: str, signatures, target: str) -> None:
    event = security_event_record(
        SecurityEvent.Kind.VIRUS_FOUND,
        source="rescan",
        model=obj._meta.label_lower,
        object_id=obj.pk,
        filename=filename,
        signatures=list(signatures),
        quarantined=target,
    )
    alerts.alert_virus_found(event=event)


@task()
def media_rescan_task(dry_run: bool = False) -> dict:
    return media_rescan(dry_run=dry_run).as_dict()
