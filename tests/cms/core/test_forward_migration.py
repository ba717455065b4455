"""An existing site migrates to the layered apps with no change to its data (issue 12).

``data/site_before_layering.dump`` is a PostgreSQL dump (``pg_dump -Fc``) of a site made by the
release before the apps were layered: migrated, ``setup_roles`` run and the demo content seeded,
so its security records, lexicon, findings and worker rows belonged to the ``cms`` app. The test
restores it into a scratch database, runs this release's ``migrate`` on it and checks that every
moved table kept its rows, that the moved models' content types were renamed in place (so the
groups keep their permissions on them), and that ``audit_releases`` still verifies the chain.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

DUMP = Path(__file__).parent / "data" / "site_before_layering.dump"
# Each moved model, by its table's model name, and the app it belongs to now.
MOVED_MODELS = {
    **dict.fromkeys(
        ["securityevent", "accountsession", "accounttokenversion", "passwordrecord", "incident"],
        "cms_security",
    ),
    **dict.fromkeys(["lexiconentry", "lexiconversion", "screeningfinding"], "cms_screening"),
    "workerheartbeat": "cms_ops",
}


def table_counts(cursor) -> dict[str, int]:
    counts = {}
    for model in [*MOVED_MODELS, "unit", "userprofile"]:
        cursor.execute(f"SELECT count(*) FROM cms_{model}")  # noqa: S608 - names from this file
        counts[model] = cursor.fetchone()[0]
    for table in ("workflows_releaselogentry", "auth_group_permissions", "wagtailcore_revision"):
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def content_types(cursor) -> dict[str, tuple[int, str]]:
    cursor.execute(
        "SELECT model, id, app_label FROM django_content_type WHERE model = ANY(%s)",
        [list(MOVED_MODELS)],
    )
    return {model: (pk, label) for model, pk, label in cursor.fetchall()}


def granted(cursor) -> set[tuple[str, str, str, str]]:
    """(group, app label, model, codename) of every permission a group holds on a moved model."""
    cursor.execute(
        "SELECT g.name, ct.app_label, ct.model, p.codename FROM auth_group_permissions gp"
        " JOIN auth_group g ON g.id = gp.group_id JOIN auth_permission p ON p.id = gp.permission_id"
        " JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ct.model = ANY(%s)",
        [list(MOVED_MODELS)],
    )
    return set(cursor.fetchall())


def grant_as_a_site_might(cursor) -> None:
    """A group of the site's own, given permissions on two moved models in the group admin."""
    cursor.execute("INSERT INTO auth_group (name) VALUES ('审计组') RETURNING id")
    group_id = cursor.fetchone()[0]
    cursor.execute(
        "INSERT INTO auth_group_permissions (group_id, permission_id) SELECT %s, p.id"
        " FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id"
        " WHERE ct.app_label = 'cms' AND p.codename IN ('view_securityevent', 'view_incident')",
        [group_id],
    )
    assert cursor.rowcount == 2


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    # This interpreter, this project's manage.py and fixed arguments.
    return subprocess.run(  # noqa: S603
        command, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=900
    )


@pytest.mark.django_db
def test_a_site_made_before_the_layering_migrates_forward_unchanged(scratch_database):
    import psycopg

    from tests.cms.conftest import require_postgresql_clients

    require_postgresql_clients()
    restored = subprocess.run(  # noqa: S603 - fixed arguments, the dump shipped with the tests
        ["pg_restore", "--no-owner", "--dbname", scratch_database, str(DUMP)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert restored.returncode == 0, restored.stderr
    with psycopg.connect(scratch_database) as before:
        grant_as_a_site_might(before.cursor())
        counts_before = table_counts(before.cursor())
        types_before = content_types(before.cursor())
        granted_before = granted(before.cursor())
    assert counts_before["securityevent"] and counts_before["workflows_releaselogentry"]
    assert {label for _, label in types_before.values()} == {"cms"}

    migrated = manage(scratch_database, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr

    with psycopg.connect(scratch_database) as after:
        assert table_counts(after.cursor()) == counts_before
        types_after = content_types(after.cursor())
        granted_after = granted(after.cursor())
    # The same content type rows, now under the models' new apps: nothing points at a stale one.
    assert types_after == {
        model: (pk, MOVED_MODELS[model]) for model, (pk, _) in types_before.items()
    }
    assert granted_after == {
        (group, MOVED_MODELS[model], model, codename)
        for group, _, model, codename in granted_before
    }

    audited = manage(scratch_database, "audit_releases")
    assert audited.returncode == 0, audited.stdout + audited.stderr
