"""manage.py check_links: the scheduled link check of live items (issue 14). Run from cron,
e.g. nightly (``30 2 * * *``), or ``--enqueue`` it for the worker. External addresses are checked
at most every LINKCHECK_RECHECK_HOURS; internal links are checked every time."""

from django.core.management.base import BaseCommand

from cms.compliance.linkscan import live_links_scan
from cms.compliance.tasks import live_links_scan_task

DONE = "已检查线上信息 {items} 条，检查外部链接 {checked} 个，发现失效链接 {broken} 个。"
QUEUED = "链接检查已提交后台任务。"


class Command(BaseCommand):
    help = "Check the links of every live item; broken ones go to the compliance check-up."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue it for the worker")
        parser.add_argument(
            "--internal-only", action="store_true", help="do not contact outside addresses"
        )

    def handle(self, *args, enqueue=False, internal_only=False, **options):
        if enqueue:
            live_links_scan_task.enqueue()
            self.stdout.write(QUEUED)
            return
        report = live_links_scan(check_external=not internal_only)
        self.stdout.write(
            DONE.format(items=report.items, checked=report.external_checked, broken=report.broken)
        )
