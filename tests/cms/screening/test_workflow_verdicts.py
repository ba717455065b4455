"""Screening verdicts in the approval chain (R-07, R-12): a forbidden term or a wrong form keeps
an item from being submitted or approved, whatever the path; a sensitive marker brings in the
minister; every approver confirms the 13-category checklist."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.screening.engine import CATEGORIES, EntryKind
from cms.screening.services import SCREENING_BLOCKED
from tests.cms.screening.conftest import paragraph
from tests.workflows.chain import act, current_state, current_step, draft, step_statuses, submit
from tests.workflows.test_chain_admin import submit_in_editor
from workflows.exports import approval_sheet
from workflows.models import ApprovalForm, ApprovalStep
from workflows.selectors import chain_workflow
from workflows.services import StepRefused

pytestmark = pytest.mark.django_db

BLOCKED_PREFIX = SCREENING_BLOCKED.split("{")[0]
TOWN_CHAIN = ("town_liaison", "unit_approver", "proofreader1", "proofreader2")


def test_forbidden_term_blocks_submission(chain):
    article = draft(chain, chain.town_liaison, summary="含有测试禁用词甲的内容")
    with pytest.raises(ValidationError) as refused:
        submit(article, chain.town_liaison)
    assert refused.value.messages[0].startswith(BLOCKED_PREFIX)
    assert (
        "【禁用词】“摘要”第3字处“测试禁用词甲”属于“反对中国共产党和社会主义”类"
        in (refused.value.messages[0])
    )
    assert not article.workflow_in_progress


def test_wrong_form_blocks_submission_with_its_suggestion(chain):
    article = draft(chain, chain.town_liaison, body=[paragraph("<p>深入开展扫黑险恶专项斗争</p>")])
    with pytest.raises(ValidationError, match="“扫黑险恶”应为“扫黑除恶”"):
        submit(article, chain.town_liaison)


def test_noise_between_characters_does_not_hide_a_wrong_form(chain):
    article = draft(chain, chain.town_liaison, title="扫 黑*险·恶")
    with pytest.raises(ValidationError, match="扫黑除恶"):
        submit(article, chain.town_liaison)


def test_clean_item_is_submitted(chain):
    article = draft(chain, chain.town_liaison, summary="扫黑除恶专项斗争")
    submit(article, chain.town_liaison)
    assert current_step(article) == "drafter_review"


def test_sensitive_marker_routes_the_item_to_the_minister(chain):
    article = submit(draft(chain, chain.town_liaison, summary="测试敏感词乙"), chain.town_liaison)
    for who in TOWN_CHAIN:
        act(article, getattr(chain, who))
    assert current_step(article) == "minister_signoff"
    act(article, chain.minister)
    act(article, chain.site_admin)
    assert article.live
    form = ApprovalForm.objects.get(article_page_id=article.pk)
    assert form.screening_markers == "测试敏感词乙"
    assert ("信息筛查敏感标记", "测试敏感词乙") in approval_sheet(form).header


def test_without_a_marker_the_minister_step_is_skipped(chain):
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    for who in TOWN_CHAIN:
        act(article, getattr(chain, who))
    assert current_step(article) == "release"
    assert ("minister_signoff", "skipped") in step_statuses(article)
    assert ApprovalForm.objects.get(article_page_id=article.pk).screening_markers == ""


def test_item_started_by_a_script_gets_the_same_verdict(chain):
    """A script that starts the workflow itself cannot get a blocked item past its drafter."""
    article = draft(chain, chain.town_liaison, title="市攻府工作会议")
    chain_workflow().start(article, chain.town_liaison)
    with pytest.raises(StepRefused, match="“攻府”应为“政府”"):
        act(article, chain.town_liaison)
    assert current_step(article) == "drafter_review"


def test_blocked_draft_offers_approvers_only_rejection(chain):
    article = draft(chain, chain.town_liaison, title="市攻府工作会议")
    chain_workflow().start(article, chain.town_liaison)
    task = current_state(article).task.specific
    actions = task.get_actions(article, chain.town_liaison)
    assert [name for name, _label, _modal in actions] == ["reject"]


def test_a_term_added_to_the_lexicon_during_review_stops_the_next_approval(chain, lexicon):
    article = submit(draft(chain, chain.town_liaison, summary="新增禁词"), chain.town_liaison)
    act(article, chain.town_liaison)
    lexicon.add(EntryKind.FORBIDDEN, "新增禁词", category="other_unlawful")
    with pytest.raises(StepRefused, match="新增禁词"):
        act(article, chain.unit_approver)
    assert current_step(article) == "unit_approval"


def test_editor_submit_of_a_blocked_draft_saves_it_without_submitting(client, chain):
    article = draft(chain, chain.town_liaison, title="扫黑险恶专项斗争推进会")
    client.force_login(chain.town_liaison)
    url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": "新写的摘要",
        "body-count": "0",
        "item_kind": article.item_kind,
        "action-submit": "1",
        "original_materials-TOTAL_FORMS": "0",
        "original_materials-INITIAL_FORMS": "0",
    }
    response = client.post(url, data, follow=True)
    article.refresh_from_db()
    assert not article.workflow_in_progress
    assert article.get_latest_revision_as_object().summary == "新写的摘要"
    assert "已保存草稿，但未提交审核。" + BLOCKED_PREFIX in response.content.decode()


def test_editor_submit_of_a_clean_draft_starts_the_chain(client, chain):
    article = draft(chain, chain.town_liaison, title="长流镇开展主题党日")
    submit_in_editor(client, article, chain.town_liaison)
    assert current_step(article) == "drafter_review"


def test_opening_a_blocked_draft_says_why_it_cannot_go_on(client, chain):
    article = draft(chain, chain.town_liaison, title="市攻府工作会议")
    client.force_login(chain.town_liaison)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
    assert "“攻府”应为“政府”" in response.content.decode()


def test_approval_form_lists_the_13_categories_and_records_the_confirmation(client, chain):
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    client.force_login(chain.town_liaison)
    state = current_state(article)
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", state.pk))
    modal = client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).json()["html"]
    for category in CATEGORIES:
        assert category.label in modal
    client.post(
        url,
        {"comment": "", "checklist_confirmed": "on"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    step = ApprovalStep.objects.get(task_state_id=state.pk)
    assert step.checklist_confirmed and step.decision == ApprovalStep.Decision.APPROVED


def test_creating_and_submitting_a_blocked_item_creates_only_a_draft(client, chain):
    from columns.models import ArticlePage

    client.force_login(chain.town_liaison)
    url = reverse("wagtailadmin_pages:add", args=("columns", "articlepage", chain.column.pk))
    data = {
        "title": "中共人民共和国成立纪念",
        "slug": "founding",
        "summary": "",
        "body-count": "0",
        "item_kind": "work_focus",
        "action-submit": "1",
        "original_materials-TOTAL_FORMS": "0",
        "original_materials-INITIAL_FORMS": "0",
    }
    response = client.post(url, data, follow=True)
    article = ArticlePage.objects.get(slug="founding")
    assert not article.workflow_in_progress
    assert "“中共人民共和国”应为“中华人民共和国”" in response.content.decode()
