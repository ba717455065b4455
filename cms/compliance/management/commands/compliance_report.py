"""manage.py compliance_report: the 合规体检 (issue 14). Prints every rule with its state and
evidence, and keeps the day's states for the annual report; ``--output`` also writes it as XLSX
or CSV. Run daily from cron (``0 8 * * *``). Exits 1 when a single-veto rule is
tripped, so that cron or monitoring raises the alarm."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.compliance.checkup import checkup_record, compliance_checkup
from cms.compliance.exports import checkup_file, checkup_text, tripped_count

FAILED = "合规体检有 {count} 项单项否决指标已触发，请立即处理。"


class Command(BaseCommand):
    help = "Print the compliance check-up; exit 1 when a single-veto rule is tripped."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="write the report to this .xlsx or .csv file")
        parser.add_argument("--format", choices=("xlsx", "csv"), help="default: by --output")

    def handle(self, *args, output=None, format=None, **options):
        checkup = compliance_checkup()
        checkup_record(checkup)
        self.stdout.write(checkup_text(checkup))
        if output:
            fmt = format or ("csv" if output.lower().endswith(".csv") else "xlsx")
            Path(output).write_bytes(checkup_file(checkup, fmt))
        if count := tripped_count(checkup):
            raise CommandError(FAILED.format(count=count), returncode=1)
