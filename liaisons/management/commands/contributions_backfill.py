"""Create contribution records for items submitted before the assessment existed (R-21, R-22)."""

from django.core.management.base import BaseCommand

from liaisons.backfill import contributions_backfill


class Command(BaseCommand):
    help = "根据审批表为早于考核功能提交的信息补建报送记录（已有记录的信息不变）。"

    def handle(self, *args, **options):
        self.stdout.write(f"补建信息报送记录 {contributions_backfill()} 条。")
