"""``manage.py backup``: the database (``cms.ops.dumps``), every file storage kept on local disk,
and ``manifest.json`` with the versions, the applied migrations, row counts of the key tables
and the SHA-256 of every file, as a directory or a tar archive. ``cms.ops.restore`` reads it.

The database is dumped first, then the files are copied: files are added, not changed, so every
file the dump refers to is in the copy (a file uploaded meanwhile is there too, harmlessly).
"""

import hashlib
import json
import platform
import shutil
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone

from cms.ops.dumps import database_dump, dump_name, vendor_of

MANIFEST = "manifest.json"
FILES_DIR = "files"
FORMAT = 1
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")
# What a restore drill checks came back: content, its approval history, the registers (R-10,
# R-11), the security log, accounts and the media library.
KEY_MODELS = [
    "wagtailcore.Page",
    "columns.ArticlePage",
    "wagtailcore.Revision",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.PageLogEntry",
    "workflows.ApprovalForm",
    "workflows.ApprovalStep",
    "workflows.ReleaseLogEntry",
    "cms_security.SecurityEvent",
    "cms.Unit",
    "auth.User",
    "wagtailimages.Image",
    "wagtaildocs.Document",
]
DESTINATION_EXISTS = "备份目标已存在：{path}"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def local_storage_roots() -> dict[str, Path]:
    """Each file storage of ``settings.STORAGES`` on local disk (not static files, which
    ``collectstatic`` rebuilds), once per directory: renditions share MEDIA_ROOT."""
    roots: dict[str, Path] = {}
    for alias in settings.STORAGES:
        storage = storages[alias]
        if alias == "staticfiles" or not isinstance(storage, FileSystemStorage):
            continue
        root = Path(storage.location).resolve()
        if not any(root.is_relative_to(known) for known in roots.values()):
            roots[alias] = root
    return roots


def remote_storages() -> list[str]:
    return [
        alias
        for alias in settings.STORAGES
        if alias != "staticfiles" and not isinstance(storages[alias], FileSystemStorage)
    ]


def key_tables() -> list[str]:
    return [apps.get_model(label)._meta.db_table for label in KEY_MODELS]


def database_measure(connection) -> dict:
    """Applied migrations (the latest of each app) and the row counts of the key tables, in raw
    SQL so that it works on a connection that is not one of ``settings.DATABASES``."""
    quote = connection.ops.quote_name
    heads: dict[str, str] = {}
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {quote('django_migrations')}")  # noqa: S608
        for app, name in cursor.fetchall():
            heads[app] = max(heads.get(app, name), name)
        for table in key_tables():
            # Table names come from the models, never from input.
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return {"migrations": dict(sorted(heads.items())), "row_counts": counts}


def versions() -> dict[str, str]:
    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "unknown"

    names = {"django": "Django", "wagtail": "wagtail", "project": "xiuying-cms"}
    return {"python": platform.python_version()} | {k: version(v) for k, v in names.items()}


def _copy_files(folder: Path) -> dict[str, str]:
    copied = {}
    for alias, root in local_storage_roots().items():
        relative = f"{FILES_DIR}/{alias}"
        if root.is_dir():
            shutil.copytree(root, folder / relative, symlinks=False)
        else:
            (folder / relative).mkdir(parents=True)
        copied[alias] = relative
    return copied


def _checksums(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): file_sha256(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _write(folder: Path, alias: str) -> dict:
    settings_dict = connections[alias].settings_dict
    vendor = vendor_of(settings_dict)
    dump = folder / dump_name(vendor)
    measured = database_dump(settings_dict, alias=alias, target=dump, measure=database_measure)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "versions": versions(),
        "database": {"vendor": vendor, "file": dump.name},
        **measured,
        "storages": _copy_files(folder),
        "remote_storages": remote_storages(),
        "files": _checksums(folder),
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")
    return manifest


def _tar(folder: Path, destination: Path) -> None:
    mode = "w" if destination.name.endswith(".tar") else "w:gz"
    with tarfile.open(destination, mode) as archive:
        for path in sorted(folder.rglob("*")):
            archive.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)


def backup_create(*, destination: Path, alias: str = "default") -> dict:
    """Back up to ``destination``: a tar archive if it ends in .tar, .tar.gz or .tgz, else a
    new directory. Returns the manifest."""
    if destination.exists():
        raise BackupError(DESTINATION_EXISTS.format(path=destination))
    if not destination.name.endswith(TAR_SUFFIXES):
        destination.mkdir(parents=True)
        try:
            return _write(destination, alias)
        except BaseException:
            shutil.rmtree(destination, ignore_errors=True)
            raise
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        manifest = _write(Path(work), alias)
        try:
            _tar(Path(work), destination)
        except BaseException:
            destination.unlink(missing_ok=True)
            raise
    return manifest
