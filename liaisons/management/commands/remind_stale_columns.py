"""E-mail the liaisons and department leaders of stale or empty columns, and the site
administrators when the home page is stale (R-20). Run from cron, e.g. Mondays at 09:00."""

from django.core.management.base import BaseCommand

from cms.core.names import display_name
from liaisons.freshness import freshness
from liaisons.reminders import reminders, send_reminders


class Command(BaseCommand):
    help = (
        "向超期未更新或空白栏目的信息联络员和分管部领导发送提醒邮件（首页超期时提醒网站管理员）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒，不发送。")

    def handle(self, *args, dry_run=False, **options):
        report = freshness()
        for row in report.columns:
            if not row.liaisons:
                self.stdout.write(f"未配备信息联络员：{row.column}（{row.department}）")
        items = reminders(report)
        for item in items:
            self.stdout.write(self._line(item, dry_run))
        sent = 0 if dry_run else send_reminders(items)
        prefix = "演练：" if dry_run else ""
        self.stdout.write(
            f"{prefix}超期或空白栏目 {len(report.columns)} 个，首页"
            f"{'超期' if report.home.stale else '正常'}；已发送提醒邮件 {sent} 封。"
        )

    def _line(self, item, dry_run) -> str:
        who = display_name(item.user)
        if not item.user.email:
            return f"跳过 {who}：账号没有邮箱"
        what = "、".join(row.column for row in item.columns) + ("、首页" if item.home else "")
        return f"{'将提醒' if dry_run else '提醒'} {who} <{item.user.email}>：{what.strip('、')}"
