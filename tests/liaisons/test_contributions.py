"""Contribution records kept in step with the approval chain, and grading (R-21, R-22)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaisons import services
from liaisons.models import Contribution
from tests.workflows.chain import act, draft, released, submit
from workflows.models import ReleaseLogEntry

pytestmark = pytest.mark.django_db

TOWN_SIGNERS = ("town_liaison", "unit_approver", "proofreader1", "proofreader2", "site_admin")


def record(article):
    return Contribution.objects.get(article_page_id=article.pk)


def test_submission_starts_a_record_with_the_items_facts(chain, liaisons_of_chain):
    article = submit(draft(chain, chain.town_liaison, title="长流镇党建动态"), chain.town_liaison)
    contribution = record(article)
    assert contribution.status == Contribution.Status.IN_REVIEW
    assert contribution.title == "长流镇党建动态"
    assert contribution.liaison == liaisons_of_chain["town"]
    assert (contribution.unit, contribution.department) == (
        chain.column.contributing_units.get(),
        chain.column.responsible_department,
    )
    assert contribution.column_id == chain.column.pk
    assert contribution.content_form == "text"
    assert contribution.drafted_at <= contribution.submitted_at
    assert contribution.released_at is None


def test_release_records_the_date_and_lead_time(chain, liaisons_of_chain):
    article = released(chain)
    contribution = record(article)
    assert contribution.status == Contribution.Status.RELEASED
    # The release log's time, to the second (issue 17: one definition of a release's date).
    logged = ReleaseLogEntry.objects.get(article_page_id=article.pk).recorded_at
    assert contribution.released_at == logged
    assert contribution.released_at >= contribution.submitted_at.replace(microsecond=0)
    assert contribution.release_seconds is not None


def test_rejection_then_resubmission_then_release_keeps_the_first_rejection(chain):
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    act(article, chain.town_liaison)
    act(article, chain.unit_approver, action="reject", comment="请补充数据")
    contribution = record(article)
    assert contribution.status == Contribution.Status.REJECTED
    assert contribution.rejection_count == 1
    first_rejection = contribution.rejected_at
    article.current_workflow_state.resume(user=chain.town_liaison)
    assert record(article).status == Contribution.Status.IN_REVIEW
    # Nothing was edited: the run resumes at the step that refused it.
    for username in TOWN_SIGNERS[1:]:
        act(article, getattr(chain, username))
    contribution = record(article)
    assert contribution.status == Contribution.Status.RELEASED
    assert contribution.rejected_at == first_rejection


def test_withdrawal_is_recorded(chain):
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    article.current_workflow_state.cancel(user=chain.town_liaison)
    contribution = record(article)
    assert contribution.status == Contribution.Status.WITHDRAWN
    assert contribution.withdrawn_at is not None


def test_item_without_a_liaison_is_credited_to_the_drafters_liaison_record(
    chain, liaisons_of_chain
):
    article = released(chain)
    assert article.liaison_id is None
    assert record(article).liaison == liaisons_of_chain["town"]


def test_site_admin_grades_a_released_item(chain):
    contribution = record(released(chain))
    services.contribution_assess(
        user=chain.site_admin, contribution=contribution, grade="excellent"
    )
    contribution.refresh_from_db()
    assert (contribution.grade, contribution.graded_by) == ("excellent", chain.site_admin)
    assert contribution.graded_at is not None


@pytest.mark.parametrize("username", ["minister", "proofreader1", "town_liaison"])
def test_only_the_site_admin_grades(chain, username):
    contribution = record(released(chain))
    with pytest.raises(PermissionDenied, match=services.ASSESS_DENIED):
        services.contribution_assess(
            user=getattr(chain, username), contribution=contribution, grade="good"
        )


def test_superuser_without_the_role_does_not_grade(chain, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@x.example", "pw")
    contribution = record(released(chain))
    with pytest.raises(PermissionDenied, match=services.ASSESS_DENIED):
        services.contribution_assess(user=root, contribution=contribution, grade="good")


def test_an_item_in_review_cannot_be_graded(chain):
    contribution = record(submit(draft(chain, chain.town_liaison), chain.town_liaison))
    with pytest.raises(ValidationError, match=services.NOT_RELEASED):
        services.contribution_assess(user=chain.site_admin, contribution=contribution, grade="good")


def test_backfill_rebuilds_records_from_the_approval_forms(chain, liaisons_of_chain):
    from io import StringIO

    from django.core.management import call_command

    article = released(chain)
    rejected = submit(draft(chain, chain.town_liaison, title="被退回"), chain.town_liaison)
    act(rejected, chain.town_liaison, action="reject", comment="重写")
    kept = {r.article_page_id: r for r in Contribution.objects.all()}
    Contribution.objects.all().delete()
    out = StringIO()
    call_command("contributions_backfill", stdout=out)
    assert "补建信息报送记录 2 条" in out.getvalue()
    again = record(article)
    assert again.status == Contribution.Status.RELEASED
    assert again.liaison == liaisons_of_chain["town"]
    # The chain's own timestamps, taken within the same transaction as the records' ones.
    for field in ("submitted_at", "released_at"):
        delta = getattr(again, field) - getattr(kept[article.pk], field)
        assert abs(delta.total_seconds()) < 5
    assert record(rejected).status == Contribution.Status.REJECTED
    assert record(rejected).rejection_count == 1


def test_an_edit_of_a_released_item_sent_back_is_not_a_rejected_contribution(chain):
    from columns.services import article_update

    article = released(chain)
    article_update(user=chain.town_liaison, article=article, title="发布后修改")
    submit(article, chain.town_liaison)
    assert record(article).status == Contribution.Status.RELEASED
    act(article, chain.town_liaison, action="reject", comment="不改了")
    contribution = record(article)
    assert contribution.status == Contribution.Status.RELEASED
    assert (contribution.rejected_at, contribution.rejection_count) == (None, 0)
