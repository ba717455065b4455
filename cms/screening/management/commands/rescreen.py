"""manage.py rescreen: screen every live item again with the lexicon in force (R-18).

Run nightly (cron: ``15 2 * * * cd /srv/xiuying && .venv/bin/python manage.py rescreen``); the
same job runs after every lexicon change. New findings wait on the 网站专管员 dashboard.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from cms.screening.tasks import rescreen_live


class Command(BaseCommand):
    help = "Rescreen all live items; record new blocking hits as findings for the site specialist."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (cron).")

    def handle(self, *args, no_progress=False, **options):
        def progress(items, total):
            return tqdm(items, total=total, desc="复查已发布信息", unit="篇", file=self.stderr)

        report = rescreen_live(progress=None if no_progress else progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rescreened {report.scanned} live items: {report.new_findings} new findings."
            )
        )
