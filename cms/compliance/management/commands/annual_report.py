"""manage.py annual_report --year 2026 [--output FILE]: the year's report of posts, visits,
compliance, takedowns and incidents as XLSX (国办发〔2017〕47号; issue 14)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from cms.compliance.annual import annual_report_bytes
from cms.compliance.visits import visits_flush

WRITTEN = "已生成 {year} 年度报表：{path}（{size} 字节）。"


class Command(BaseCommand):
    help = "Write the annual report (releases, visits, compliance, takedowns, incidents) as XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", help="default: annual-report-<year>.xlsx")

    def handle(self, *args, year, output=None, **options):
        visits_flush()  # the counters still in the cache count too
        path = Path(output or f"annual-report-{year}.xlsx")
        data = annual_report_bytes(year)
        path.write_bytes(data)
        self.stdout.write(WRITTEN.format(year=year, path=path, size=len(data)))
