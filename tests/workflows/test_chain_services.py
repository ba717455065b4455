"""The approval chain end to end through the services (R-04..R-10)."""

import pytest
from django.core.exceptions import PermissionDenied

from columns.models import ArticlePage
from tests.workflows.chain import act, current_step, draft, step_statuses, submit
from workflows import rules
from workflows.models import ApprovalForm, ApprovalStep, ReleaseLogEntry
from workflows.services import StepRefused

pytestmark = pytest.mark.django_db


def test_department_item_goes_drafter_proofreads_leader_release(chain):
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    assert current_step(article) == "drafter_review"
    act(article, chain.dept_liaison)
    assert current_step(article) == "proofread_1"
    act(article, chain.proofreader1)
    act(article, chain.proofreader2)
    assert current_step(article) == "leader_signoff"
    act(article, chain.dept_leader)
    assert current_step(article) == "release"
    assert not article.live
    act(article, chain.site_admin)
    assert article.live
    assert step_statuses(article) == [
        ("drafter_review", "approved"),
        ("unit_approval", "skipped"),
        ("proofread_1", "approved"),
        ("proofread_2", "approved"),
        ("leader_signoff", "approved"),
        ("minister_signoff", "skipped"),
        ("release", "approved"),
    ]


def test_town_item_needs_its_unit_and_no_leader(chain):
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    act(article, chain.town_liaison)
    assert current_step(article) == "unit_approval"
    act(article, chain.unit_approver)
    act(article, chain.proofreader1)
    act(article, chain.proofreader2)
    assert current_step(article) == "release"
    act(article, chain.site_admin)
    assert article.live
    skipped = dict(
        ApprovalStep.objects.filter(decision="skipped").values_list("step", "skip_reason")
    )
    # The reasons as people read them, without requirement codes (issue 17).
    assert skipped["leader_signoff"] == rules.SKIP_UNIT_NOT_DEPARTMENT
    assert skipped["minister_signoff"] == rules.SKIP_NOT_SENSITIVE


def test_sensitive_item_needs_the_minister(chain):
    article = submit(draft(chain, chain.town_liaison, is_major_sensitive=True), chain.town_liaison)
    for user in (chain.town_liaison, chain.unit_approver, chain.proofreader1, chain.proofreader2):
        act(article, user)
    assert current_step(article) == "minister_signoff"
    with pytest.raises(StepRefused):
        act(article, chain.site_admin)
    act(article, chain.minister)
    act(article, chain.site_admin)
    assert article.live


def test_release_leaves_an_approval_form_and_a_log_entry(chain):
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    for user in (
        chain.town_liaison,
        chain.unit_approver,
        chain.proofreader1,
        chain.proofreader2,
        chain.site_admin,
    ):
        act(article, user)
    form = ApprovalForm.objects.get()
    assert form.status == "approved"
    assert form.approved_revision_id == article.live_revision_id
    entry = ReleaseLogEntry.objects.get()
    assert (entry.kind, entry.revision_id, entry.actor) == (
        "release",
        article.live_revision_id,
        chain.site_admin,
    )
    assert entry.approval_form == form
    assert entry.approval_form_snapshot["steps"][-1]["signer_name"] == "site_admin"


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("proofreader1", "拟稿人审核须由拟稿人本人完成"),
        ("town_liaison", "拟稿人审核须由拟稿人本人完成"),
    ],
)
def test_only_the_drafter_reviews_first(chain, who, message):
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    with pytest.raises(StepRefused, match=message):
        act(article, getattr(chain, who))


def test_one_proofreader_cannot_do_both_passes(chain):
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    act(article, chain.dept_liaison)
    act(article, chain.proofreader1)
    with pytest.raises(StepRefused, match="二校须由不同于一校的校对员完成"):
        act(article, chain.proofreader1)
    assert current_step(article) == "proofread_2"


def test_drafter_cannot_proofread_own_item(chain, make_user, section):
    writer = make_user("writer", "liaison", "proofreader", unit=section)
    article = submit(draft(chain, writer), writer)
    act(article, writer)
    with pytest.raises(StepRefused, match="不能审批本人拟稿的信息"):
        act(article, writer)


def test_leader_of_another_department_cannot_sign(chain, make_user):
    from tests.factories.units import SectionFactory

    stranger = make_user("other_leader", "dept_leader", unit=SectionFactory(name="干部科"))
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    for user in (chain.dept_liaison, chain.proofreader1, chain.proofreader2):
        act(article, user)
    with pytest.raises(StepRefused, match="栏目责任科室的分管部领导"):
        act(article, stranger)


def test_unit_approver_of_another_town_cannot_approve(chain, make_user, other_town):
    stranger = make_user("other_approver", "unit_approver", unit=other_town)
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    act(article, chain.town_liaison)
    with pytest.raises(StepRefused, match="来源单位的单位审核人"):
        act(article, stranger)


def test_nobody_signs_two_steps(chain, make_user, section):
    both = make_user("both", "proofreader", "dept_leader", unit=section)
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    act(article, chain.dept_liaison)
    act(article, both)
    act(article, chain.proofreader2)
    with pytest.raises(StepRefused, match="同一人不能签批两个环节"):
        act(article, both)


def test_approval_without_checklist_is_refused(chain):
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    with pytest.raises(StepRefused, match="13类禁止发布信息"):
        act(article, chain.dept_liaison, checklist=False)


def test_rejection_needs_a_comment_and_returns_to_drafter(chain):
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    act(article, chain.dept_liaison)
    with pytest.raises(StepRefused, match="必须填写意见"):
        act(article, chain.proofreader1, action="reject")
    act(article, chain.proofreader1, action="reject", comment="第二段数据需核实")
    assert article.current_workflow_state.status == "needs_changes"
    assert ApprovalForm.objects.get().status == "rejected"


def test_edit_after_approval_restarts_the_chain(chain):
    from columns.services import article_update

    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    for user in (chain.dept_liaison, chain.proofreader1, chain.proofreader2, chain.dept_leader):
        act(article, user)
    assert current_step(article) == "release"
    article_update(user=chain.dept_liaison, article=article, title="改过的标题")
    act(article, chain.site_admin, action="reject", comment="请按改后版本重新走流程")
    article.refresh_from_db()
    article.current_workflow_state.resume(user=chain.dept_liaison)
    assert current_step(article) == "drafter_review"


def test_release_refuses_a_run_that_was_tampered_with(chain):
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    for user in (chain.dept_liaison, chain.proofreader1, chain.proofreader2, chain.dept_leader):
        act(article, user)
    ApprovalStep.objects.filter(step="proofread_2").update(signer=chain.proofreader1)
    with pytest.raises(PermissionDenied, match="审批链尚未完整通过"):
        act(article, chain.site_admin)
    assert not ArticlePage.objects.get(pk=article.pk).live


def test_approval_form_writes_chinese_names_family_name_first(chain):
    """Issue 11: the approval form (and its exports and PDF, which print what it holds)."""
    liaison = chain.dept_liaison
    liaison.first_name, liaison.last_name = "志明", "冯"
    liaison.save()
    article = submit(draft(chain, liaison), liaison)
    act(article, liaison)
    form = ApprovalForm.objects.get()
    assert form.drafter_name == "冯志明"
    assert ApprovalStep.objects.filter(form=form, signer_name="冯志明").exists()
