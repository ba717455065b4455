"""manage.py flush_visits: write the visit counters kept in the cache to the database (issue 14).
Run from cron every minute (``* * * * *``) or queue it for the worker with ``--enqueue``."""

from django.core.management.base import BaseCommand

from cms.compliance.tasks import visits_flush_task
from cms.compliance.visits import visits_flush

DONE = "已写入访问量 {views} 次（{counters} 个计数器，{written} 条日计数）。"


class Command(BaseCommand):
    help = "Write the visit counters from the cache to the database."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue it for the worker")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            visits_flush_task.enqueue()
            return
        flushed = visits_flush()
        self.stdout.write(
            DONE.format(views=flushed.views, counters=flushed.counters, written=flushed.written)
        )
