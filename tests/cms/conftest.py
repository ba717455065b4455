"""Fixtures of every app's tests under cms/: the shared clamd that uploads are scanned with, and
scratch PostgreSQL databases for the restore drill and the forward migration."""

import shutil
import uuid
from urllib.parse import quote

import pytest
from django.db import connection

from cms.security.clamav import ClamdClient, ClamdError
from tests.cms.security.scanning.conftest import clamd_url
from tests.conftest import require_external


def scanning_with(settings, url: str) -> None:
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_SCANNING": True, "CLAMD_URL": url}


@pytest.fixture
def scanning(settings):
    """Scanning on, with the shared clamd (EICAR-only signatures)."""
    url = clamd_url()
    try:
        ClamdClient(url, connect_timeout=3).ping()
    except ClamdError as error:
        require_external("clamd", f"no PONG from {url} ({error}); run `bash .ci/clamav.sh`")
    scanning_with(settings, url)
    return url


def require_postgresql_clients():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's (pg_dump/pg_restore); CI runs it")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        require_external("pg_dump", "install the PostgreSQL client of the server's version")


@pytest.fixture
def scratch_database():
    """A fresh, empty database on the test server, dropped afterwards; yields its URL."""
    import psycopg

    params = connection.settings_dict
    name = f"xiuying_drill_{uuid.uuid4().hex[:12]}"
    user = quote(params["USER"] or "")
    password = f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    server = f"{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}"
    base = f"postgresql://{user}{password}@{server}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
