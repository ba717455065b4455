"""Restore a backup made by ``manage.py backup``, after checking every file's SHA-256.

    manage.py restore /srv/backups/xiuying-2026-05-01.tar.gz
    manage.py restore BACKUP --database-url postgres://user@host:5432/drill   # a restore drill

Refuses a damaged backup, and a target database that already has tables unless ``--force``
(which replaces its whole content), before changing anything.
"""

from pathlib import Path

import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from cms.ops.dumps import DumpError
from cms.ops.restore import RestoreError, RestoreRefused, backup_restore

DONE = "已从 {path} 恢复（备份时间 {created}）：{counts}。"
NEXT = "如程序版本比备份新，请接着运行 manage.py migrate。"


class Command(BaseCommand):
    help = "Verify a backup, then restore its database and files."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a backup directory or archive")
        parser.add_argument("--database", default="default", help="database alias to restore")
        parser.add_argument(
            "--database-url", help="restore into this database instead (e.g. a restore drill)"
        )
        parser.add_argument(
            "--force", action="store_true", help="replace a target database that has tables"
        )

    def handle(self, *args, source, database, database_url, force, **options):
        if database_url:
            settings_dict = dj_database_url.parse(database_url)
        else:
            settings_dict = connections[database].settings_dict
        try:
            manifest = backup_restore(source=Path(source), settings_dict=settings_dict, force=force)
        except (RestoreRefused, RestoreError, DumpError) as error:
            raise CommandError(str(error)) from error
        counts = "，".join(
            f"{table} {count} 行" for table, count in manifest["restored_row_counts"].items()
        )
        self.stdout.write(DONE.format(path=source, created=manifest["created_at"], counts=counts))
        self.stdout.write(NEXT)
