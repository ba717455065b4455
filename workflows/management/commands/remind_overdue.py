"""Remind the accounts that may act on overdue steps, one e-mail each (R-20).

Run from cron during working hours, e.g. ``manage.py remind_overdue`` at 09:00 on working days.
"""

from django.core.management.base import BaseCommand

from cms.core.names import display_name
from workflows import notifications, queue


class Command(BaseCommand):
    help = "向超时审批环节的可办理人发送提醒邮件（每人一封，列出其全部超时信息）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒，不发送。")

    def handle(self, *args, dry_run=False, **options):
        items = queue.overdue_steps()
        for item in items:
            if not item.holders:
                self.stdout.write(f"无人可办理：《{item.title}》{item.step_label}")
        sent = skipped = 0
        for holder, own in notifications.reminders_by_holder(items):
            if not holder.email:
                skipped += 1
                self.stdout.write(f"跳过 {display_name(holder)}：账号没有邮箱")
                continue
            self.stdout.write(self._line(holder, own, dry_run))
            if not dry_run:
                sent += notifications.send_overdue_reminder(holder, own)
        self.stdout.write(self._summary(len(items), sent, skipped, dry_run))

    def _line(self, holder, own, dry_run) -> str:
        titles = "、".join(f"《{item.title}》{item.step_label}" for item in own)
        prefix = "将提醒" if dry_run else "提醒"
        return f"{prefix} {display_name(holder)} <{holder.email}>：{len(own)} 项（{titles}）"

    def _summary(self, count, sent, skipped, dry_run) -> str:
        if dry_run:
            return f"演练：超时环节 {count} 个，未发送邮件；跳过无邮箱账号 {skipped} 个。"
        return f"超时环节 {count} 个，已发送提醒邮件 {sent} 封，跳过无邮箱账号 {skipped} 个。"
