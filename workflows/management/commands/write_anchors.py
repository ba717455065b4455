"""Write the anchor of the sealed chains (workflows/anchors.py): daily from cron or a timer, and
on demand. With ``--enqueue`` the background worker writes it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workflows.anchors import anchor_run, anchor_write_task


class Command(BaseCommand):
    help = (
        "Write the heads of the release log and the security events as a signed statement to "
        "the anchor directory, and mail it to 网站专管员 and 组织部长."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="directory", type=Path, help="the anchor directory (XIUYING_ANCHOR_DIR)"
        )
        parser.add_argument("--no-mail", action="store_true", help="write the file only")
        parser.add_argument(
            "--enqueue", action="store_true", help="queue it for the background worker"
        )

    def handle(self, *args, directory=None, no_mail=False, enqueue=False, **options):
        if enqueue:
            result = anchor_write_task.enqueue()
            self.stdout.write(f"已排队：{result.id}")
            return
        try:
            done = anchor_run(directory=directory, mail=not no_mail)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"锚点已写出：{done['path']}，邮件 {done['mailed']} 封")
        )
        if "stamped_at" in done:
            stamped = f"{done['stamped_at']}，序号 {done['stamp_serial']}"
            self.stdout.write(f"时间戳（RFC 3161）：{stamped}")
        if "stamp_error" in done:
            self.stderr.write(f"未取得时间戳：{done['stamp_error']}")
