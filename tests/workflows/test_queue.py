"""The "待我审批" queue, its dashboard panel, and the editor's notice of why buttons are absent."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, TaskState, WorkflowState

from columns.models import ArticlePage
from tests.factories.units import UnitFactory
from tests.workflows.chain import act, current_step, draft, submit
from workflows import panels, queue, rules, selectors, task_adapter
from workflows.models import ApprovalForm, ApprovalStep, ChainStepTask

pytestmark = pytest.mark.django_db

# The chain's tasks, the user's roles, (their unit,) the steps with their task states.
PANEL_QUERY_BOUND = 4


def at_first_proofreading(chain, title="党建工作动态"):
    article = submit(draft(chain, chain.dept_liaison, title=title), chain.dept_liaison)
    return act(article, chain.dept_liaison)


def at_second_proofreading(chain):
    return act(at_first_proofreading(chain), chain.proofreader1)


def awaiting_steps(user):
    return [(item.title, item.step) for item in queue.items_awaiting(user)]


def backdate(article, days):
    ApprovalStep.objects.filter(
        form__article_page_id=article.pk, decision=ApprovalStep.Decision.PENDING
    ).update(started_at=timezone.now() - timedelta(days=days))


def fresh(user):
    """The account as a new request loads it, without the per-instance role cache."""
    return get_user_model().objects.get(pk=user.pk)


def pending_in_bulk(chain, count, step=rules.PROOFREAD_1, first=0):
    """``count`` items waiting at ``step``: Wagtail's and the chain's rows, written in bulk."""
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    revision = article.get_latest_revision()
    states = WorkflowState.objects.bulk_create(
        WorkflowState(
            content_type=ContentType.objects.get_for_model(ArticlePage),
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(900_000 + first + n),
            workflow=selectors.chain_workflow(),
            status=WorkflowState.STATUS_IN_PROGRESS,
            requested_by=chain.dept_liaison,
        )
        for n in range(count)
    )
    task_states = TaskState.objects.bulk_create(
        TaskState(
            workflow_state=state,
            task=ChainStepTask.objects.get(step=step),
            revision=revision,
            status=TaskState.STATUS_IN_PROGRESS,
            content_type=ContentType.objects.get_for_model(TaskState),
        )
        for state in states
    )
    _bulk_chain_rows(chain, step, states, task_states, revision.pk)


def _bulk_chain_rows(chain, step, states, task_states, revision_id):
    section = chain.column.responsible_department
    forms = ApprovalForm.objects.bulk_create(
        ApprovalForm(
            workflow_state=state,
            article_page_id=int(state.object_id),
            drafter=chain.dept_liaison,
            source_unit=section,
            column_owner=section,
            article_title=f"批量信息{n}",
            column_title=chain.column.title,
            column_owner_name=section.name,
            source_unit_name=section.name,
            drafter_name="dept_liaison",
        )
        for n, state in enumerate(states)
    )
    now = timezone.now()
    ApprovalStep.objects.bulk_create(
        ApprovalStep(
            form=form,
            step=step,
            task_state_id=task_state.pk,
            revision_id=revision_id,
            started_at=now - timedelta(hours=n),
        )
        for n, (form, task_state) in enumerate(zip(forms, task_states, strict=True))
    )


def render_panel(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return panels.AwaitingReviewPanel().render_html({"request": request, "csrf_token": "x"})


def test_both_proofreaders_have_an_item_at_first_proofreading(chain):
    at_first_proofreading(chain)
    assert awaiting_steps(chain.proofreader1) == [("党建工作动态", rules.PROOFREAD_1)]
    assert awaiting_steps(chain.proofreader2) == [("党建工作动态", rules.PROOFREAD_1)]
    assert awaiting_steps(chain.dept_liaison) == []
    assert awaiting_steps(chain.site_admin) == []


def test_first_proofreader_no_longer_has_the_item_at_second_proofreading(chain):
    at_second_proofreading(chain)
    assert awaiting_steps(chain.proofreader1) == []
    assert awaiting_steps(chain.proofreader2) == [("党建工作动态", rules.PROOFREAD_2)]


def test_drafter_has_own_item_at_drafter_review(chain):
    submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    assert awaiting_steps(chain.dept_liaison) == [("党建工作动态", rules.DRAFTER_REVIEW)]
    assert awaiting_steps(chain.proofreader1) == []


def test_unit_approver_has_only_the_items_of_their_own_unit(chain, make_user):
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    act(article, chain.town_liaison)
    elsewhere = make_user("xixiu_approver", "unit_approver", unit=UnitFactory(name="西秀镇"))
    assert awaiting_steps(chain.unit_approver) == [("党建工作动态", rules.UNIT_APPROVAL)]
    assert awaiting_steps(elsewhere) == []


def test_queue_is_oldest_first_with_overdue_items_flagged(chain):
    at_first_proofreading(chain, title="较新")
    older = at_first_proofreading(chain, title="较早")
    backdate(older, days=30)
    items = queue.items_awaiting(chain.proofreader1)
    assert [item.title for item in items] == ["较早", "较新"]
    assert items[0].overdue and items[0].overdue_hours >= 1
    assert not items[1].overdue
    assert items[0].budget_seconds == 8 * 3600


def test_queue_item_carries_column_unit_step_and_edit_link(chain):
    article = at_first_proofreading(chain)
    (item,) = queue.items_awaiting(chain.proofreader1)
    assert (item.column, item.source_unit, item.step_label) == ("工作动态", "组织科", "一校")
    assert item.edit_url == f"/admin/pages/{article.pk}/edit/"


def test_homepage_hook_replaces_wagtails_review_panel_with_ours(chain):
    existing = [WorkflowObjectsToModeratePanel()]
    panels.homepage_panels_replace(None, existing)
    assert [type(panel) for panel in existing] == [panels.AwaitingReviewPanel]


def test_dashboard_lists_the_queue_and_not_wagtails_panel(chain, client):
    article = at_first_proofreading(chain)
    client.force_login(chain.proofreader1)
    html = client.get("/admin/").content.decode()
    assert "待我审批（1）" in html
    assert f"/admin/pages/{article.pk}/edit/" in html
    assert 'id="awaiting-review"' not in html


def test_dashboard_highlights_overdue_items_in_working_hours(chain, client):
    backdate(at_first_proofreading(chain), days=30)
    (item,) = queue.items_awaiting(chain.proofreader1)
    client.force_login(chain.proofreader1)
    html = client.get("/admin/").content.decode()
    assert f"已超时 {item.overdue_hours} 小时" in html
    assert "xiuying-overdue" in html


@pytest.mark.parametrize(("count", "rows"), [(10, 10), (1000, panels.PANEL_LIMIT)])
def test_panel_runs_a_fixed_number_of_queries(chain, count, rows, django_assert_max_num_queries):
    pending_in_bulk(chain, count)
    user = fresh(chain.proofreader1)
    with django_assert_max_num_queries(PANEL_QUERY_BOUND):
        html = render_panel(user)
    assert f"待我审批（{count}）" in html
    assert html.count('title="打开办理"') == rows


def test_dashboard_queries_do_not_grow_with_the_queue(chain, client):
    client.force_login(chain.proofreader1)
    client.get("/admin/")  # first visit creates the account's profile rows
    pending_in_bulk(chain, 10)
    with CaptureQueriesContext(connection) as with_ten:
        client.get("/admin/")
    pending_in_bulk(chain, 990, first=10)
    with CaptureQueriesContext(connection) as with_a_thousand:
        html = client.get("/admin/").content.decode()
    assert "待我审批（1000）" in html
    assert len(with_a_thousand) == len(with_ten)


def test_editor_tells_the_drafter_why_there_is_no_approve_button(chain, client):
    article = at_first_proofreading(chain)
    client.force_login(chain.dept_liaison)
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert rules.REFUSE_OWN_ITEM in html
    assert "等待：一校（校对员，不能是拟稿人）" in html


def test_editor_tells_an_administrator_the_step_needs_a_proofreader(chain, client):
    article = at_second_proofreading(chain)
    client.force_login(chain.site_admin)
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "您不具有“校对员”角色，不能办理“二校”。" in html


def signers_of_the_run_may_open_the_editor(task, obj, user):
    """The one-line change proposed for ``task_adapter.may_view`` (see the hand-over)."""
    return bool(task_adapter.actions(task, obj, user)) or queue.user_signed_in_run(obj, user)


def test_editor_tells_the_first_proofreader_why_they_cannot_do_the_second(
    chain, client, monkeypatch
):
    monkeypatch.setattr(task_adapter, "may_view", signers_of_the_run_may_open_the_editor)
    article = at_second_proofreading(chain)
    assert current_step(article) == rules.PROOFREAD_2
    client.force_login(chain.proofreader1)
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "二校须由不同于一校的校对员完成。" in html
    assert "等待：二校（校对员，不能是拟稿人或一校人）" in html


def test_editor_shows_no_notice_to_whoever_may_act(chain, client):
    article = at_second_proofreading(chain)
    client.force_login(chain.proofreader2)
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "您不能办理当前环节" not in html


def test_waiting_text_names_the_unit_for_unit_steps():
    text = panels.waiting_for(rules.UNIT_APPROVAL, source_unit="长流镇")
    assert text == "等待：单位审核（长流镇的单位审核人，不能是拟稿人）"
