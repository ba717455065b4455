"""Back up the database and the files on local disk, with a manifest of checksums.

    manage.py backup /srv/backups/xiuying-2026-05-01.tar.gz   # or a new directory

Restore with ``manage.py restore``; see ``cms.ops.backup`` and the deployment guide.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.ops.backup import BackupError, backup_create
from cms.ops.dumps import DumpError

DONE = "已备份至 {path}：数据库（{vendor}），{files} 个文件，共 {size:.1f} MB。"
REMOTE = "未包含对象存储 {aliases} 中的文件：请用其自身的版本与复制功能备份。"


class Command(BaseCommand):
    help = "Back up the database and local file storages to a directory or a tar archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "destination", help="a new directory, or an archive ending in .tar, .tar.gz or .tgz"
        )
        parser.add_argument("--database", default="default", help="database alias to back up")

    def handle(self, *args, destination, database, **options):
        path = Path(destination)
        try:
            manifest = backup_create(destination=path, alias=database)
        except (BackupError, DumpError) as error:
            raise CommandError(str(error)) from error
        if manifest["remote_storages"]:
            self.stderr.write(REMOTE.format(aliases="、".join(manifest["remote_storages"])))
        size = sum(p.stat().st_size for p in [path, *path.rglob("*")] if p.is_file())
        vendor = manifest["database"]["vendor"]
        files = len(manifest["files"])
        self.stdout.write(DONE.format(path=path, vendor=vendor, files=files, size=size / 1e6))
