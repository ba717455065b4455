"""The release log is append-only and tamper-evident; audit_releases finds what slipped past
(R-08, R-11)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from columns.models import ArticlePage
from tests.workflows.chain import act, draft, released, submit
from workflows import release_log
from workflows.models import ApprovalForm, ApprovalStep, ReleaseLogEntry, ReleaseLogImmutable

pytestmark = pytest.mark.django_db


def audit():
    call_command("audit_releases", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_entry_cannot_be_changed_or_deleted_through_the_orm(chain):
    released(chain)
    entry = ReleaseLogEntry.objects.get()
    entry.reason = "改写"
    with pytest.raises(ReleaseLogImmutable):
        entry.save()
    with pytest.raises(ReleaseLogImmutable):
        entry.delete()
    with pytest.raises(ReleaseLogImmutable):
        ReleaseLogEntry.objects.filter(pk=entry.pk).update(reason="改写")
    with pytest.raises(ReleaseLogImmutable):
        ReleaseLogEntry.objects.all().delete()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE workflows_releaselogentry SET reason = 'x'",
        "DELETE FROM workflows_releaselogentry",
    ],
)
def test_postgresql_refuses_raw_sql_changes(chain, statement):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's; this run uses SQLite")
    released(chain)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert ReleaseLogEntry.objects.count() == 1


def tamper(sql):
    # Someone with the database's owner rights, bypassing the application: on PostgreSQL the
    # trigger is switched off for the session (a superuser could do the same).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_entries_are_hash_chained(chain):
    released(chain, "第一条")
    released(chain, "第二条")
    first, second = ReleaseLogEntry.objects.order_by("sequence")
    assert first.previous_sha256 == release_log.GENESIS
    assert second.previous_sha256 == first.entry_sha256
    assert release_log.verify_chain() == []
    audit()


def test_audit_detects_an_entry_changed_behind_the_applications_back(chain):
    released(chain)
    tamper("UPDATE workflows_releaselogentry SET article_title = '篡改'")
    assert any("内容与封印不符" in p for p in release_log.verify_chain())
    with pytest.raises(CommandError):
        audit()


def test_audit_detects_a_removed_entry(chain):
    released(chain, "第一条")
    released(chain, "第二条")
    tamper("DELETE FROM workflows_releaselogentry WHERE sequence = 1")
    assert release_log.verify_chain()
    with pytest.raises(CommandError):
        audit()


def test_audit_detects_an_item_published_by_a_shell_script(chain):
    released(chain)
    audit()
    article = draft(chain, chain.town_liaison, title="脚本上线")
    ArticlePage.objects.filter(pk=article.pk).update(
        live=True, live_revision=article.get_latest_revision()
    )
    with pytest.raises(CommandError, match="live item finding"):
        audit()


@pytest.mark.django_db(transaction=True)
def test_approval_records_survive_purge_revisions(chain):
    # transaction=True: purge_revisions runs in autocommit as it does in production, where one
    # protected revision does not abort the others.
    from columns.services import article_update

    article = released(chain)
    live_revision = article.live_revision_id
    for n in range(3):
        article_update(user=chain.town_liaison, article=article, title=f"修改{n}")
    call_command("purge_revisions", days=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    form = ApprovalForm.objects.get()
    assert form.approved_revision_id == live_revision
    assert ApprovalStep.objects.filter(form=form, decision="approved").count() == 5
    assert ReleaseLogEntry.objects.get().approved_content["title"] == "党建工作动态"
    assert ArticlePage.objects.get(pk=article.pk).live_revision_id == live_revision
    audit()


def test_release_archives_original_materials(chain, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from columns.models import ArticleMaterial

    document = Document.objects.create(title="原始稿", file=ContentFile(b"raw", name="raw.txt"))
    article = draft(
        chain,
        chain.town_liaison,
        original_materials=[ArticleMaterial(document=document, note="底稿")],
    )
    submit(article, chain.town_liaison)
    for user in (
        chain.town_liaison,
        chain.unit_approver,
        chain.proofreader1,
        chain.proofreader2,
        chain.site_admin,
    ):
        act(article, user)
    document.file.delete(save=False)
    (material,) = ReleaseLogEntry.objects.get().materials
    assert material["title"] == "原始稿"
    from django.core.files.storage import storages

    with storages["release_archive"].open(material["archive_path"]) as handle:
        assert handle.read() == b"raw"
