"""manage.py purge_security_events --older-than DAYS: delete security events past retention.

Anything under the retention period (180 days, the Cybersecurity Law's six months; R-14) is
refused here before the model (``SecurityEvent.check_deletable``) and PostgreSQL's trigger would
refuse it anyway.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.core.conf import get_setting
from cms.security.models import SecurityEvent

# The law's six months; a site may keep events longer (SECURITY_EVENT_RETENTION_DAYS), never less.
LEGAL_MINIMUM_DAYS = 180
TOO_RECENT = "安全事件记录须保存至少{days}天，--older-than 不能小于{days}。"
PURGED = "已删除 {count} 条早于 {cutoff}（北京时间）的安全事件记录。"
WOULD_PURGE = "试运行：将删除 {count} 条早于 {cutoff}（北京时间）的安全事件记录。"


class Command(BaseCommand):
    help = "Delete security events older than DAYS; DAYS under the retention period is refused."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, older_than: int, dry_run=False, **options):
        retention = max(LEGAL_MINIMUM_DAYS, get_setting("SECURITY_EVENT_RETENTION_DAYS"))
        if older_than < retention:
            raise CommandError(TOO_RECENT.format(days=retention))
        cutoff = timezone.now() - timedelta(days=older_than)
        events = SecurityEvent.objects.filter(occurred_at__lt=cutoff)
        shown = timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M")
        if dry_run:
            self.stdout.write(WOULD_PURGE.format(count=events.count(), cutoff=shown))
            return
        count, _by_model = events.delete()
        self.stdout.write(PURGED.format(count=count, cutoff=shown))
