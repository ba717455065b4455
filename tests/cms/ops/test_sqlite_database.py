"""SQLite as an embedded database that the site and the worker share (issue 11): editors'
saves no longer fail with "database is locked" while the worker writes the search index."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.settings.base import SQLITE_OPTIONS

CONTENTION_TIMEOUT_SECONDS = 600


def sqlite_file_with_schema(path: Path) -> Path:
    """An on-disk copy of the migrated schema: the SQLite test database copied (fast), or, when
    the suite runs on PostgreSQL, a fresh file migrated in a process of its own."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return path
    command = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
    subprocess.run(command, env=environment(path), cwd=settings.BASE_DIR, check=True)  # noqa: S603
    return path


def environment(path: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{path}",
    }


def contention(path: Path, *arguments: str) -> dict:
    command = [sys.executable, "-m", "tests.cms.ops.sqlite_contention", *arguments]
    finished = subprocess.run(  # noqa: S603 - this interpreter, a module of the suite
        command,
        env=environment(path),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=CONTENTION_TIMEOUT_SECONDS,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_sqlite_options_are_wal_immediate_transactions_and_a_busy_timeout():
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert SQLITE_OPTIONS["timeout"] >= 20
    assert "journal_mode=WAL" in SQLITE_OPTIONS["init_command"]
    assert "synchronous=NORMAL" in SQLITE_OPTIONS["init_command"]


@pytest.mark.django_db(transaction=True)
def test_editors_save_revisions_while_the_worker_holds_a_long_index_write(tmp_path):
    database = sqlite_file_with_schema(tmp_path / "shared.sqlite3")

    result = contention(database, "--editors", "4", "--saves", "8", "--hold", "1.5")

    assert result["errors"] == []
    assert result["saves"] == result["expected_saves"] == 32
    assert result["writes"] == 3
    assert result["journal_mode"] == "wal"


def database_options(url: str) -> dict:
    show = "import json; from config.settings import base; "
    show += "print(json.dumps(base.DATABASES['default'].get('OPTIONS', {})))"
    finished = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", show],
        env={**os.environ, "DATABASE_URL": url},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(finished.stdout)


def test_the_sqlite_options_apply_to_sqlite_only(tmp_path):
    assert database_options(f"sqlite:///{tmp_path / 'db.sqlite3'}") == SQLITE_OPTIONS
    assert database_options("postgres://cms@db.example:5432/xiuying") == {}
