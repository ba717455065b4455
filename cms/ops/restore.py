"""``manage.py restore``: check a backup of ``cms.ops.backup`` completely before touching
anything (every file present, listed and matching its SHA-256, migrations this code knows, a
database of the same kind, every storage on local disk here), refuse a target database that
already has tables unless forced, then load the database, put the files back and compare the
key tables' row counts with the manifest.
"""

import contextlib
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.db import connections
from django.db.migrations.loader import MigrationLoader

from cms.ops.backup import MANIFEST, database_measure, file_sha256, local_storage_roots
from cms.ops.dumps import database_load, vendor_of, wrapper_of
from cms.ops.signals import database_restored

MANIFEST_MISSING = "不是有效的备份：缺少 manifest.json（{path}）。"
FILE_MISSING = "备份不完整，拒绝恢复：缺少 {path}（共缺 {count} 个文件）。"
FILE_UNLISTED = "备份中有清单未列出的文件，拒绝恢复：{path}。"
CHECKSUM_MISMATCH = "备份文件校验失败（SHA-256 不符），拒绝恢复：{path}。"
UNKNOWN_MIGRATION = "备份来自较新的程序版本（迁移 {app}.{name} 本程序没有），请先升级程序。"
VENDOR_MISMATCH = "备份的数据库是 {backup}，目标数据库是 {target}，无法恢复。"
STORAGE_NOT_LOCAL = "存储 {alias} 不在本机磁盘上，无法放回备份中的文件。"
DATABASE_NOT_EMPTY = "目标数据库已有 {count} 张表，拒绝覆盖；确认要替换其全部内容请加 --force。"
COUNTS_DIFFER = "恢复后行数与备份清单不符：{table} 备份 {expected} 行，恢复后 {found} 行。"


class RestoreRefused(Exception):
    """Nothing was changed."""


class RestoreError(Exception):
    """The restore ran but its result does not match the backup."""


@contextlib.contextmanager
def backup_opened(source: Path):
    """The backup as a directory: itself, or an archive unpacked into a temporary one."""
    if source.is_dir():
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="xiuying-restore-") as work:
        with tarfile.open(source) as archive:
            # "data" refuses absolute paths, "..", links out of the tree and device files.
            archive.extractall(work, filter="data")
        yield Path(work)


def backup_verify(folder: Path) -> dict:
    """The manifest of the backup in ``folder`` once every file checks out; else refuse."""
    if not (folder / MANIFEST).is_file():
        raise RestoreRefused(MANIFEST_MISSING.format(path=folder))
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    listed = manifest["files"]
    present = {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }
    missing = sorted(set(listed) - present)
    if missing:
        raise RestoreRefused(FILE_MISSING.format(path=missing[0], count=len(missing)))
    unlisted = sorted(present - set(listed))
    if unlisted:
        raise RestoreRefused(FILE_UNLISTED.format(path=unlisted[0]))
    for path, digest in sorted(listed.items()):
        if file_sha256(folder / path) != digest:
            raise RestoreRefused(CHECKSUM_MISMATCH.format(path=path))
    _check_migrations(manifest["migrations"])
    return manifest


def _check_migrations(heads: dict[str, str]) -> None:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in sorted(heads.items()):
        if (app, name) not in known:
            raise RestoreRefused(UNKNOWN_MIGRATION.format(app=app, name=name))


def _target_roots(manifest: dict) -> dict[str, Path]:
    roots = local_storage_roots()
    for alias in manifest["storages"]:
        if alias not in roots:
            raise RestoreRefused(STORAGE_NOT_LOCAL.format(alias=alias))
    return {alias: roots[alias] for alias in manifest["storages"]}


def _check_target(manifest: dict, settings_dict: dict, *, force: bool) -> None:
    target = vendor_of(settings_dict)
    if target != manifest["database"]["vendor"]:
        backup = manifest["database"]["vendor"]
        raise RestoreRefused(VENDOR_MISMATCH.format(backup=backup, target=target))
    connection = wrapper_of(settings_dict)
    try:
        tables = connection.introspection.table_names()
    finally:
        connection.close()
    if tables and not force:
        raise RestoreRefused(DATABASE_NOT_EMPTY.format(count=len(tables)))


def _files_put_back(folder: Path, manifest: dict, roots: dict[str, Path]) -> None:
    for alias, relative in manifest["storages"].items():
        roots[alias].mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder / relative, roots[alias], dirs_exist_ok=True)


def _counts_compared(manifest: dict, settings_dict: dict) -> dict[str, int]:
    connection = wrapper_of(settings_dict)
    try:
        found = database_measure(connection)["row_counts"]
    finally:
        connection.close()
    for table, expected in sorted(manifest["row_counts"].items()):
        if found.get(table) != expected:
            fact = {"table": table, "expected": expected, "found": found.get(table)}
            raise RestoreError(COUNTS_DIFFER.format(**fact))
    return found


def backup_restore(*, source: Path, settings_dict: dict, force: bool = False) -> dict:
    """Restore ``source`` into the database ``settings_dict`` names and the local storages.
    Returns the manifest with the row counts found after the restore."""
    with backup_opened(source) as folder:
        manifest = backup_verify(folder)
        roots = _target_roots(manifest)
        _check_target(manifest, settings_dict, force=force)
        # Django's own connections may hold the target open (SQLite's file, PostgreSQL locks).
        connections.close_all()
        dump = folder / manifest["database"]["file"]
        database_load(settings_dict, source=dump, clean=force)
        # Caches rendered from the content just replaced start anew (the API's; issue 18).
        database_restored.send(sender=backup_restore)
        _files_put_back(folder, manifest, roots)
        return {**manifest, "restored_row_counts": _counts_compared(manifest, settings_dict)}
