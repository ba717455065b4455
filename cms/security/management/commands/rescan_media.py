"""Scan the whole media library again with clamd's current signatures and quarantine what it
finds (R-15); the work is ``cms.security.rescan.media_rescan``. With ``--enqueue`` the rescan is
queued for the background worker (``make worker``) instead.

If clamd cannot answer, the run stops (exit 1): a rescan that skips files would report a clean
library it never saw.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms.security.clamav import ClamdError
from cms.security.rescan import media_rescan, media_rescan_task

SCANNER_DOWN = "病毒扫描服务不可用，复查已中止：{error}"
FOUND = "检出病毒：{label} #{pk}《{title}》（{filename}）：{signatures}；{action}"
QUARANTINED = "已隔离至 {target}"
NOT_QUARANTINED = "试运行，未隔离"
MISSING = "文件缺失：{label} #{pk}《{title}》（{filename}）"
SUMMARY = "共复查 {total} 个文件：检出病毒 {infected} 个，文件缺失 {missing} 个。"
ENQUEUED = "已加入后台任务队列（任务 {id}），由后台任务进程执行。"


def _progress(items):
    return tqdm(items, desc="复查媒体库", unit="个", disable=None)


class Command(BaseCommand):
    help = "Rescan every document and image with clamd and quarantine infected files (R-15)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="report infected files, quarantine nothing"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the rescan for the background worker"
        )

    def handle(self, *args, dry_run=False, enqueue=False, **options):
        if enqueue:
            result = media_rescan_task.enqueue(dry_run=dry_run)
            self.stdout.write(ENQUEUED.format(id=result.id))
            return
        try:
            report = media_rescan(dry_run=dry_run, progress=_progress)
        except ClamdError as error:
            raise CommandError(SCANNER_DOWN.format(error=error)) from error
        for hit in report.missing:
            self.stderr.write(MISSING.format(**vars(hit)))
        for hit in report.infected:
            self.stdout.write(self.style.ERROR(self._found(hit)))
        summary = SUMMARY.format(**report.as_dict())
        self.stdout.write(self.style.WARNING(summary) if report.infected else summary)

    @staticmethod
    def _found(hit) -> str:
        action = QUARANTINED.format(target=hit.quarantined) if hit.quarantined else NOT_QUARANTINED
        facts = {k: v for k, v in vars(hit).items() if k not in ("signatures", "quarantined")}
        return FOUND.format(**facts, signatures="、".join(hit.signatures), action=action)
