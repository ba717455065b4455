"""The assessment reports as files for scripts (R-25): the same files the admin downloads.

manage.py assessment_report --year 2026 --kind columns --format xlsx --output 栏目考核.xlsx
manage.py assessment_report --year 2026 --kind liaisons --format csv --output ranking.csv
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liaisons import exports
from liaisons.column_assessment import column_assessment
from liaisons.freshness import freshness
from liaisons.periods import BAD_PERIOD, period_of
from liaisons.ranking import liaison_ranking


class Command(BaseCommand):
    help = "导出栏目考核、信息联络员排名或栏目更新监测报表（XLSX 或 CSV，北京时间）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--kind", choices=("columns", "liaisons", "freshness"), required=True)
        parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx", dest="fmt")
        parser.add_argument("--output", required=True, help="输出文件路径")
        parser.add_argument("--quarter", type=int, help="栏目考核的季度（1-4）")
        parser.add_argument("--month", type=int, help="栏目考核的月份（1-12）")

    def handle(self, *args, year, kind, fmt, output, quarter=None, month=None, **options):
        data = self._file(kind, fmt, year, quarter, month)
        Path(output).write_bytes(data)
        self.stdout.write(f"已写入 {output}（{len(data)} 字节）。")

    def _file(self, kind, fmt, year, quarter, month) -> bytes:
        if kind == "liaisons":
            return exports.liaison_ranking_file(liaison_ranking(year=year), fmt)
        if kind == "freshness":
            return exports.freshness_file(freshness(), fmt)
        try:
            period = period_of(year=year, quarter=quarter, month=month)
        except ValueError as error:
            raise CommandError(BAD_PERIOD) from error
        return exports.column_assessment_file(column_assessment(period=period), fmt)
