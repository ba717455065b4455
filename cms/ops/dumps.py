"""The database half of a backup: ``pg_dump``/``pg_restore`` on PostgreSQL, SQLite's online
backup API on SQLite. Connections are Django settings dictionaries (``DATABASES[alias]`` or a
parsed ``--database-url``); the password goes to the client programs through ``PGPASSWORD``,
never on their command line, where any local user could read it.

https://www.postgresql.org/docs/current/app-pgdump.html,
https://docs.python.org/3/library/sqlite3.html#sqlite3.Connection.backup
"""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - fixed argument lists, no shell
from pathlib import Path

from django.db import connections, transaction
from django.db.utils import load_backend

PG_DUMP_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
CLIENT_MISSING = "找不到 {program}：请安装与数据库服务器同一主版本的 PostgreSQL 客户端。"
CLIENT_FAILED = "{program} 失败（退出码 {code}）：{error}"
VENDOR_UNSUPPORTED = "不支持的数据库类型：{vendor}（仅 PostgreSQL 与 SQLite）。"
# Each connection option pg_dump and pg_restore read from the environment.
PG_ENVIRONMENT = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
PG_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT"}


class DumpError(Exception):
    pass


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    for vendor in ("postgresql", "sqlite3"):
        if engine.endswith(vendor):
            return vendor.removesuffix("3")
    raise DumpError(VENDOR_UNSUPPORTED.format(vendor=engine))


def dump_name(vendor: str) -> str:
    return PG_DUMP_FILE if vendor == "postgresql" else SQLITE_FILE


def wrapper_of(settings_dict: dict, alias: str = "backup_target"):
    """A Django connection to a database that is not one of ``settings.DATABASES``."""
    # configure_settings() fills in Django's defaults; it insists on a "default" key.
    full = connections.configure_settings({"default": dict(settings_dict)})["default"]
    return load_backend(full["ENGINE"]).DatabaseWrapper(full, alias)


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """Pure: the environment that points the PostgreSQL clients at ``settings_dict``."""
    env = {"PGDATABASE": str(settings_dict["NAME"])}
    for key, name in PG_ENVIRONMENT.items():
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    for key, name in PG_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(key):
            env[name] = str(settings_dict["OPTIONS"][key])
    return env


def pg_dump_args(target: Path) -> list[str]:
    return ["pg_dump", "--format=custom", "--no-password", f"--file={target}"]


def pg_restore_args(source: Path, *, dbname: str, clean: bool) -> list[str]:
    # One transaction: a restore that fails half-way leaves the database as it was. Triggers
    # (the append-only release log and security events) are post-data items: pg_restore
    # creates them after the rows are copied in, and --clean drops whole tables, which no
    # row trigger sees.
    args = ["pg_restore", "--no-password", "--no-owner", "--no-acl", "--exit-on-error"]
    # Without --dbname pg_restore would print SQL instead of restoring.
    args += ["--single-transaction", f"--dbname={dbname}"]
    if clean:
        args += ["--clean", "--if-exists"]
    return [*args, str(source)]


def _run(args: list[str], settings_dict: dict) -> None:
    program = shutil.which(args[0])
    if program is None:
        raise DumpError(CLIENT_MISSING.format(program=args[0]))
    env = {**os.environ, **pg_environment(settings_dict)}
    done = subprocess.run([program, *args[1:]], env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        error = done.stderr.strip()
        raise DumpError(CLIENT_FAILED.format(program=args[0], code=done.returncode, error=error))


def database_dump(settings_dict: dict, *, alias: str, target: Path, measure) -> dict:
    """Write the database ``alias`` to ``target``; return ``measure(connection)`` taken on the
    very data written (PostgreSQL: pg_dump joins our snapshot; SQLite: measured on the copy)."""
    if vendor_of(settings_dict) == "postgresql":
        return _pg_dump(settings_dict, alias=alias, target=target, measure=measure)
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    copy = wrapper_of({"ENGINE": settings_dict["ENGINE"], "NAME": str(target)})
    try:
        return measure(copy)
    finally:
        copy.close()


def _pg_dump(settings_dict: dict, *, alias: str, target: Path, measure) -> dict:
    # https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-SNAPSHOT-SYNCHRONIZATION
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run([*pg_dump_args(target), f"--snapshot={snapshot}"], settings_dict)
        return measure(connection)


def database_load(settings_dict: dict, *, source: Path, clean: bool) -> None:
    """Load ``source`` into the database ``settings_dict`` names (replacing it if ``clean``)."""
    if vendor_of(settings_dict) == "postgresql":
        dbname = str(settings_dict["NAME"])
        _run(pg_restore_args(source, dbname=dbname, clean=clean), settings_dict)
        return
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    destination = sqlite3.connect(settings_dict["NAME"])
    try:
        origin.backup(destination)
    finally:
        origin.close()
        destination.close()
