"""Scan the whole media library again with clamd's current signatures and quarantine what it
finds (R-15): a file that was clean on the day it was uploaded may match tomorrow's signatures.

Every hit is moved out of MEDIA_ROOT (``cms.security.storage.media_quarantine``), recorded as a
security event and mailed to 网站专管员. If clamd cannot answer, the run stops (exit 1): a
rescan that skips files would report a clean library it never saw.
"""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.models import SecurityEvent
from cms.security import alerts
from cms.security.clamav import ClamdError
from cms.security.events import security_event_record
from cms.security.storage import media_quarantine, media_scan

SCANNER_DOWN = "病毒扫描服务不可用，复查已中止：{error}"
FOUND = "检出病毒：{label} #{pk}《{title}》（{filename}）：{signatures}；{action}"
QUARANTINED = "已隔离至 {target}"
NOT_QUARANTINED = "试运行，未隔离"
MISSING = "文件缺失：{label} #{pk}《{title}》（{filename}）"
SUMMARY = "共复查 {total} 个文件：检出病毒 {infected} 个，文件缺失 {missing} 个。"


class Command(BaseCommand):
    help = "Rescan every document and image with clamd and quarantine infected files (R-15)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="report infected files, quarantine nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        # Loaded up front, not streamed: quarantining writes to the tables being read.
        library = [
            *get_document_model().objects.order_by("pk"),
            *get_image_model().objects.order_by("pk"),
        ]
        counts = Counter(infected=0, missing=0)
        for obj in tqdm(library, desc="复查媒体库", unit="个", disable=None):
            counts[self.rescan(obj, dry_run=dry_run)] += 1
        summary = SUMMARY.format(total=len(library), **counts)
        self.stdout.write(self.style.WARNING(summary) if counts["infected"] else summary)

    def rescan(self, obj, *, dry_run: bool) -> str:
        facts = {"label": obj._meta.verbose_name, "pk": obj.pk, "title": obj.title}
        facts["filename"] = obj.file.name
        try:
            signatures = media_scan(obj)
        except FileNotFoundError:
            self.stderr.write(MISSING.format(**facts))
            return "missing"
        except ClamdError as error:
            down = SecurityEvent.Kind.SCANNER_DOWN
            security_event_record(down, source="rescan", error=str(error))
            raise CommandError(SCANNER_DOWN.format(error=error)) from error
        if not signatures:
            return "clean"
        target = "" if dry_run else media_quarantine(obj=obj, signatures=signatures)
        self.record(obj, facts, signatures, target)
        action = QUARANTINED.format(target=target) if target else NOT_QUARANTINED
        found = FOUND.format(**facts, signatures="、".join(signatures), action=action)
        self.stdout.write(self.style.ERROR(found))
        return "infected"

    def record(self, obj, facts, signatures, target) -> None:
        event = security_event_record(
            SecurityEvent.Kind.VIRUS_FOUND,
            source="rescan",
            model=obj._meta.label_lower,
            object_id=obj.pk,
            filename=facts["filename"],
            signatures=list(signatures),
            quarantined=target,
        )
        alerts.alert_virus_found(event=event)
