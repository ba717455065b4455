"""Backup and restore (issue 8): a restore drill into a fresh PostgreSQL database proves that
articles, workflow history, approval forms (R-10), the hash-chained release log (R-11) and
security events (R-14) come back with the media; a damaged backup is refused untouched."""

import base64
import io
import json
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.core.crypto.fields import decrypt_text
from cms.core.crypto.keys import keyring
from cms.ops import restore
from cms.ops.backup import FILES_DIR, MANIFEST, file_sha256, key_tables
from cms.ops.dumps import pg_dump_args, pg_environment, pg_restore_args
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent
from cms.security.totp_keys import totp_key_open
from tests.cms.api.media import document_create, image_create
from tests.cms.conftest import require_postgresql_clients
from tests.workflows.chain import released

DRILL_TABLES = [
    "columns_articlepage",
    "wagtailcore_workflowstate",
    "wagtailcore_taskstate",
    "workflows_approvalform",
    "workflows_approvalstep",
    "workflows_releaselogentry",
    "cms_securityevent",
]
RELEASE_LOG = (
    "SELECT sequence, kind, article_title, content_sha256, previous_sha256, entry_sha256"
    " FROM workflows_releaselogentry ORDER BY sequence"
)
APPROVAL_FORMS = "SELECT article_title, status, approved_revision_id FROM workflows_approvalform"
TASK_STATES = "SELECT status, COUNT(*) FROM wagtailcore_taskstate GROUP BY status ORDER BY status"
SECURITY_EVENTS = "SELECT kind, username FROM cms_securityevent ORDER BY id"


def test_postgresql_clients_get_the_password_from_the_environment_only():
    settings_dict = {"NAME": "site", "HOST": "db", "PORT": 5432, "USER": "cms"}
    settings_dict |= {"PASSWORD": "s3cret-Pa55", "OPTIONS": {"sslmode": "require"}}
    env = pg_environment(settings_dict)
    args = pg_dump_args(Path("out.dump"))
    args += pg_restore_args(Path("out.dump"), dbname="site", clean=True)
    assert env["PGPASSWORD"] == "s3cret-Pa55"
    assert env["PGSSLMODE"] == "require"
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"]) == ("db", "5432", "cms")
    assert not any("s3cret" in arg for arg in args)


@pytest.fixture
def file_roots(settings, tmp_path):
    """Every local storage in a directory of this test's own, so a backup holds only its files."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    stores = {}
    for alias, config in settings.STORAGES.items():
        options = config.get("OPTIONS", {})
        if "location" in options:
            config = {**config, "OPTIONS": {**options, "location": str(tmp_path / alias)}}
        stores[alias] = config
    settings.STORAGES = stores
    return tmp_path


@pytest.fixture
def content(chain, file_roots):
    """Released items (one with an original material, archived), a picture, a security event."""
    from columns.models import ArticleMaterial

    material = ArticleMaterial(document=document_create(title="原稿", data="原稿全文".encode()))
    released(chain, title="秀英区召开党建工作会议", original_materials=[material])
    released(chain, title="长流镇开展主题党日活动")
    picture = image_create(title="会议现场")
    security_event_record(SecurityEvent.Kind.LOGIN_SUCCESS, username="site_admin")
    return picture


def stored_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "backup" not in path.relative_to(root).parts[0]
    }


def snapshot(cursor) -> dict:
    found = {"counts": {}}
    for table in DRILL_TABLES:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        found["counts"][table] = cursor.fetchone()[0]
    for name, query in [("log", RELEASE_LOG), ("forms", APPROVAL_FORMS)]:
        cursor.execute(query)
        found[name] = [tuple(row) for row in cursor.fetchall()]
    for name, query in [("tasks", TASK_STATES), ("events", SECURITY_EVENTS)]:
        cursor.execute(query)
        found[name] = [tuple(row) for row in cursor.fetchall()]
    return found


def wipe_files(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file() and path.parts[len(root.parts)] != "backup":
            path.unlink()


@pytest.mark.django_db(transaction=True)
def test_restore_drill_into_a_fresh_postgresql_database(content, file_roots, scratch_database):
    require_postgresql_clients()
    import psycopg

    with connection.cursor() as cursor:
        before = snapshot(cursor)
    files = stored_files(file_roots)
    archive = file_roots / "backup" / "drill.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    wipe_files(file_roots)

    call_command("restore", str(archive), database_url=scratch_database, stdout=io.StringIO())

    with psycopg.connect(scratch_database) as restored, restored.cursor() as cursor:
        assert snapshot(cursor) == before
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cursor.execute("UPDATE workflows_releaselogentry SET reason = 'x'")
    assert before["counts"]["workflows_releaselogentry"] == 2
    assert before["log"][1][4] == before["log"][0][5]  # the chain: entry 2 names entry 1's hash
    # setup_roles records its permission changes too; the sign-in is among them.
    assert before["forms"] and ("login_success", "site_admin") in before["events"]
    assert stored_files(file_roots) == files
    assert any(name.startswith("release_archive/") for name in files)
    assert content.file.name in {name.removeprefix("media/") for name in files}


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_tables_unless_forced(
    content, file_roots, scratch_database
):
    require_postgresql_clients()
    backup = file_roots / "backup" / "site"
    call_command("backup", str(backup), stdout=io.StringIO(), stderr=io.StringIO())
    call_command("restore", str(backup), database_url=scratch_database, stdout=io.StringIO())

    with pytest.raises(CommandError, match="拒绝覆盖"):
        call_command("restore", str(backup), database_url=scratch_database, stdout=io.StringIO())
    # --force replaces every table, the append-only ones with their triggers included.
    call_command(
        "restore", str(backup), database_url=scratch_database, force=True, stdout=io.StringIO()
    )


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_on_sqlite(content, file_roots):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant runs on SQLite (make run's database)")
    with connection.cursor() as cursor:
        before = snapshot(cursor)
    files = stored_files(file_roots)
    backup = file_roots / "backup" / "site"
    call_command("backup", str(backup), stdout=io.StringIO(), stderr=io.StringIO())
    wipe_files(file_roots)
    target = file_roots / "restored.sqlite3"

    call_command("restore", str(backup), database_url=f"sqlite:///{target}", stdout=io.StringIO())

    restored = sqlite3.connect(target)
    try:
        assert snapshot(restored.cursor()) == before
    finally:
        restored.close()
    assert stored_files(file_roots) == files | {"restored.sqlite3": target.read_bytes()}


@pytest.fixture
def restore_target(request, file_roots):
    """Where a drill restores: a fresh SQLite file, or a scratch PostgreSQL database."""
    if connection.vendor == "postgresql":
        require_postgresql_clients()
        return request.getfixturevalue("scratch_database")
    return f"sqlite:///{file_roots / 'restored.sqlite3'}"


def api_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db(transaction=True)
def test_a_restore_starts_a_new_api_content_generation(content, file_roots, restore_target, client):
    # Issue 18: the API's cached answers were rendered from the content before the restore.
    backup = file_roots / "backup" / "site"
    call_command("backup", str(backup), stdout=io.StringIO(), stderr=io.StringIO())
    api_queries(client, "/api/v1/articles")
    assert api_queries(client, "/api/v1/articles") == 0  # served from the cache

    call_command("restore", str(backup), database_url=restore_target, stdout=io.StringIO())

    assert api_queries(client, "/api/v1/articles") > 0  # rendered again


def backup_made(file_roots: Path) -> Path:
    if connection.vendor == "postgresql":
        require_postgresql_clients()
    backup = file_roots / "backup" / "site"
    call_command("backup", str(backup), stdout=io.StringIO(), stderr=io.StringIO())
    return backup


def refused_untouched(backup: Path, file_roots: Path, message: str) -> None:
    """Restore into the test's own database: refused, nothing changed, nothing put back."""
    with connection.cursor() as cursor:
        before = snapshot(cursor)
    wipe_files(file_roots)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), force=True, stdout=io.StringIO())
    assert str(refused.value) == message
    with connection.cursor() as cursor:
        assert snapshot(cursor) == before
    assert stored_files(file_roots) == {}


@pytest.mark.django_db(transaction=True)
def test_a_changed_byte_in_the_dump_is_refused_before_anything_changes(content, file_roots):
    backup = backup_made(file_roots)
    dump = backup / json.loads((backup / MANIFEST).read_text())["database"]["file"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0x01
    dump.write_bytes(bytes(data))
    message = restore.CHECKSUM_MISMATCH.format(path=dump.name)
    refused_untouched(backup, file_roots, message)


@pytest.mark.django_db(transaction=True)
def test_a_missing_or_unlisted_file_is_refused(content, file_roots):
    backup = backup_made(file_roots)
    picture = backup / FILES_DIR / "default" / content.file.name
    picture.rename(backup / FILES_DIR / "default" / "stray.png")
    missing = f"{FILES_DIR}/default/{content.file.name}"
    refused_untouched(backup, file_roots, restore.FILE_MISSING.format(path=missing, count=1))
    (backup / FILES_DIR / "default" / "stray.png").rename(picture)
    (backup / FILES_DIR / "default" / "added.txt").write_text("not in the manifest")
    unlisted = f"{FILES_DIR}/default/added.txt"
    refused_untouched(backup, file_roots, restore.FILE_UNLISTED.format(path=unlisted))


@pytest.mark.django_db(transaction=True)
def test_the_manifest_lists_versions_migrations_counts_and_checksums(content, file_roots):
    backup = backup_made(file_roots)
    manifest = json.loads((backup / MANIFEST).read_text())
    assert set(manifest["versions"]) == {"python", "django", "wagtail", "project"}
    assert manifest["migrations"]["workflows"] >= "0002"
    assert set(manifest["row_counts"]) == set(key_tables())
    assert manifest["row_counts"]["workflows_releaselogentry"] == 2
    assert set(manifest["storages"]) >= {"default", "release_archive", "quarantine"}
    for path, digest in manifest["files"].items():
        assert file_sha256(backup / path) == digest


def restored_rows(target: str, query: str) -> list[tuple]:
    if target.startswith("sqlite:///"):
        restored = sqlite3.connect(target.removeprefix("sqlite:///"))
        try:
            return restored.execute(query).fetchall()
        finally:
            restored.close()
    import psycopg

    with psycopg.connect(target) as restored, restored.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_restore_drill_with_encryption_on(content, file_roots, restore_target, chain):
    """Issue 15: the backup holds ciphertext and no key; restored, the same key ring opens it
    and the seals of both chains are those of before."""
    from cms.security.two_factor import totp_enrol_with_secret
    from tests.cms.security.sessions.totp import TEST_SECRET
    from tests.liaisons.factories import LiaisonFactory

    LiaisonFactory(name="符海燕", phone="13907561234").save_revision()
    totp_enrol_with_secret(user=chain.minister, base32_secret=TEST_SECRET)
    seals_query = "SELECT sequence, entry_sha256, seal_algorithm FROM workflows_releaselogentry"
    events_query = "SELECT sequence, seal FROM cms_securityevent WHERE sequence IS NOT NULL"
    with connection.cursor() as cursor:
        cursor.execute(seals_query)
        log_seals = sorted(cursor.fetchall())
        cursor.execute(events_query)
        event_seals = sorted(cursor.fetchall())
    backup = file_roots / "backup" / "site"
    call_command("backup", str(backup), stdout=io.StringIO(), stderr=io.StringIO())
    everything = b"".join(path.read_bytes() for path in backup.rglob("*") if path.is_file())
    for master in keyring().keys.values():
        assert base64.b64encode(master) not in everything

    call_command("restore", str(backup), database_url=restore_target, stdout=io.StringIO())

    [(phone,)] = restored_rows(restore_target, "SELECT phone FROM liaisons_liaison")
    assert phone.startswith("sm4gcm:") and "13907561234" not in phone
    assert decrypt_text(phone, purpose="liaisons.liaison.phone") == "13907561234"
    [(key,)] = restored_rows(restore_target, "SELECT key FROM otp_totp_totpdevice")
    assert totp_key_open(key) == base64.b32decode(TEST_SECRET)
    revisions = repr(restored_rows(restore_target, "SELECT content FROM wagtailcore_revision"))
    assert "13907561234" not in revisions
    assert sorted(restored_rows(restore_target, seals_query)) == log_seals
    assert sorted(restored_rows(restore_target, events_query)) == event_seals
    assert {algorithm for _, _, algorithm in log_seals} == {"hmac-sm3"}
