"""After acting in the editor an approver lands on the "待我审批" queue and reads what was done
and what comes next; approving without an edit keeps the run (issue 17, R-23)."""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.admin.rich_text import get_rich_text_editor_widget

from tests.workflows.chain import act, current_step, draft, submit
from workflows import outcome, rules

pytestmark = pytest.mark.django_db
SEEDED_BODY = [("paragraph", "<p>会议强调，要把<strong>学习成果</strong>转化为工作动力。</p>")]


def body_as_the_editor_posts_it(article, prefix="body"):
    """The body's fields as Draftail sends them: rich text as contentstate, block keys added."""
    converter = get_rich_text_editor_widget(features=None).converter
    data = {f"{prefix}-count": str(len(article.body))}
    for index, child in enumerate(article.body):
        html = child.block.get_prep_value(child.value)
        data |= {
            f"{prefix}-{index}-type": child.block_type,
            f"{prefix}-{index}-value": converter.from_database_format(html),
            f"{prefix}-{index}-deleted": "",
            f"{prefix}-{index}-order": str(index),
            f"{prefix}-{index}-id": child.id,
        }
    return data


def fields_as_the_editor_posts_them(article, user):
    """Every other field of the editor's form with the value it shows."""
    form_class = article.get_edit_handler().get_form_class()
    form = form_class(instance=article, for_user=user, parent_page=article.get_parent())
    data = {}
    for field in form:
        value = field.value()
        if field.name == "body" or value in (None, False):
            continue
        data[field.name] = "on" if value is True else value
    return data


def act_in_editor(client, article, user, action="approve", comment="", **changes):
    client.force_login(user)
    latest = article.get_latest_revision_as_object()
    data = {
        **fields_as_the_editor_posts_them(latest, user),
        "action-workflow-action": "true",
        "workflow-action-name": action,
        "workflow-action-extra-data": json.dumps(
            {"comment": comment, "checklist_confirmed": action == "approve"}
        ),
        "original_materials-TOTAL_FORMS": "0",
        "original_materials-INITIAL_FORMS": "0",
        "original_materials-MIN_NUM_FORMS": "0",
        "original_materials-MAX_NUM_FORMS": "1000",
        **body_as_the_editor_posts_it(latest),
        **changes,
    }
    return client.post(reverse("wagtailadmin_pages:edit", args=(article.pk,)), data)


def messages_of(response, client):
    """The messages the page the approver lands on shows."""
    landing = client.get(response.url)
    return [str(m) for m in get_messages(landing.wsgi_request)]


@pytest.fixture
def proofreading(chain):
    """A department item written by a script (no block keys), at 一校."""
    article = draft(chain, chain.dept_liaison, title="组织科召开党课", body=SEEDED_BODY)
    submit(article, chain.dept_liaison)
    act(article, chain.dept_liaison)
    assert current_step(article) == rules.PROOFREAD_1
    return article


def test_approving_without_an_edit_keeps_the_run_and_makes_no_revision(client, chain, proofreading):
    revisions = proofreading.revisions.count()
    response = act_in_editor(client, proofreading, chain.proofreader1)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert proofreading.revisions.count() == revisions
    assert current_step(proofreading) == rules.PROOFREAD_2
    assert messages_of(response, client) == [
        "已同意（一校）：“组织科召开党课”。下一步：二校，由另一位校对员办理。"
    ]


def test_approving_with_an_edit_saves_it_and_goes_back_to_the_drafter(client, chain, proofreading):
    revisions = proofreading.revisions.count()
    response = act_in_editor(client, proofreading, chain.proofreader1, summary="补充一句摘要。")

    assert proofreading.revisions.count() == revisions + 1
    assert current_step(proofreading) == rules.DRAFTER_REVIEW
    [message] = messages_of(response, client)
    assert message.startswith("已保存修改并同意（一校）：“组织科召开党课”")
    assert "退回拟稿人" in message


def test_rejecting_lands_on_the_queue_and_names_the_drafter(client, chain, proofreading):
    response = act_in_editor(
        client, proofreading, chain.proofreader1, action="reject", comment="标题有误"
    )
    assert response.url == reverse("wagtailadmin_home")
    [message] = messages_of(response, client)
    assert message.startswith("已退回修改（一校）：“组织科召开党课”已退回拟稿人")


def test_releasing_lands_on_the_queue_and_says_it_is_live(client, chain, proofreading):
    for user in (chain.proofreader1, chain.proofreader2, chain.dept_leader):
        act(proofreading, user)
    response = act_in_editor(client, proofreading, chain.site_admin)

    proofreading.refresh_from_db()
    assert proofreading.live
    assert response.url == reverse("wagtailadmin_home")
    assert messages_of(response, client) == [
        f"已发布（组织组发布）：“组织科召开党课”已在“{chain.column.title}”栏目上线，"
        "并记入信息发布日志。"
    ]


def test_the_drafters_own_review_also_returns_to_the_queue(client, chain):
    article = draft(chain, chain.dept_liaison, title="组织科开展主题党日", body=SEEDED_BODY)
    submit(article, chain.dept_liaison)
    response = act_in_editor(client, article, chain.dept_liaison)
    assert response.url == reverse("wagtailadmin_home")
    assert messages_of(response, client) == [
        "已同意（拟稿人审核）：“组织科开展主题党日”。下一步：一校，由校对员办理。"
    ]


def test_the_message_for_the_next_step_names_who_acts():
    base = {
        "step": rules.PROOFREAD_2,
        "decision": "approved",
        "title": "标题",
        "column": "工作动态",
        "drafter": "林晓燕",
        "source_unit": "长流镇",
        "column_owner": "干部科",
        "restarted": False,
        "released": False,
    }
    leader = outcome.Outcome(**base, next_step=rules.LEADER_SIGNOFF)
    unit = outcome.Outcome(**base, next_step=rules.UNIT_APPROVAL)
    assert outcome.outcome_text(leader).endswith(
        "下一步：分管部领导签批，由干部科的分管部领导办理。"
    )
    assert outcome.outcome_text(unit).endswith("下一步：单位审核，由长流镇的单位审核人办理。")
