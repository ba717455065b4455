"""The chain end to end through Wagtail's admin views, as the people of the demo use it."""

import pytest
from django.urls import reverse

from tests.workflows.chain import current_state, current_step, draft, step_statuses
from workflows.models import ReleaseLogEntry

pytestmark = pytest.mark.django_db


def submit_in_editor(client, article, user):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body-count": "0",
        "item_kind": article.item_kind,
        "action-submit": "1",
        "original_materials-TOTAL_FORMS": "0",
        "original_materials-INITIAL_FORMS": "0",
        "original_materials-MIN_NUM_FORMS": "0",
        "original_materials-MAX_NUM_FORMS": "1000",
    }
    if article.is_major_sensitive:
        data["is_major_sensitive"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]


def approve_in_admin(client, article, user, action="approve", **data):
    client.force_login(user)
    state = current_state(article)
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, action, state.pk))
    payload = {"comment": data.get("comment", ""), "checklist_confirmed": "on"}
    return client.post(url, payload, headers={"x-requested-with": "XMLHttpRequest"})


def walk(client, article, people):
    for user in people:
        response = approve_in_admin(client, article, user)
        assert response.status_code == 200
        assert '"step": "success"' in response.content.decode()


def test_department_item_through_the_admin(client, chain):
    article = draft(chain, chain.dept_liaison, title="组织科召开支部书记培训会")
    submit_in_editor(client, article, chain.dept_liaison)
    assert current_step(article) == "drafter_review"
    walk(
        client,
        article,
        [
            chain.dept_liaison,
            chain.proofreader1,
            chain.proofreader2,
            chain.dept_leader,
            chain.site_admin,
        ],
    )
    article.refresh_from_db()
    assert article.live
    assert ReleaseLogEntry.objects.filter(article_page_id=article.pk).count() == 1


def test_town_item_through_the_admin(client, chain):
    article = draft(chain, chain.town_liaison, title="长流镇开展主题党日")
    submit_in_editor(client, article, chain.town_liaison)
    walk(
        client,
        article,
        [
            chain.town_liaison,
            chain.unit_approver,
            chain.proofreader1,
            chain.proofreader2,
            chain.site_admin,
        ],
    )
    article.refresh_from_db()
    assert article.live


def test_sensitive_item_through_the_admin(client, chain):
    article = draft(chain, chain.town_liaison, title="重大活动报道", is_major_sensitive=True)
    submit_in_editor(client, article, chain.town_liaison)
    walk(
        client,
        article,
        [
            chain.town_liaison,
            chain.unit_approver,
            chain.proofreader1,
            chain.proofreader2,
            chain.minister,
            chain.site_admin,
        ],
    )
    article.refresh_from_db()
    assert article.live


def test_approval_without_checklist_shows_the_form_error(client, chain):
    article = draft(chain, chain.dept_liaison)
    submit_in_editor(client, article, chain.dept_liaison)
    client.force_login(chain.dept_liaison)
    state = current_state(article)
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", state.pk))
    response = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert "必填" in response.content.decode() or "required" in response.content.decode()
    assert current_step(article) == "drafter_review"


@pytest.mark.parametrize("who", ["proofreader1", "site_admin", "minister"])
def test_wrong_people_get_no_action_and_are_refused(client, chain, who):
    article = draft(chain, chain.dept_liaison)
    submit_in_editor(client, article, chain.dept_liaison)
    response = approve_in_admin(client, article, getattr(chain, who))
    assert '"step": "success"' not in response.content.decode()
    assert current_step(article) == "drafter_review"


def test_superuser_is_not_an_approver(client, chain, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@x.example", "pw")
    article = draft(chain, chain.dept_liaison)
    submit_in_editor(client, article, chain.dept_liaison)
    response = approve_in_admin(client, article, root)
    assert '"step": "success"' not in response.content.decode()
    assert current_step(article) == "drafter_review"


def approve_in_editor(client, article, user):
    """The editor's way: the modal validated, the edit form posts the action with its data."""
    client.force_login(user)
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body-count": "0",
        "item_kind": article.item_kind,
        "action-workflow-action": "true",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": '{"comment": "", "checklist_confirmed": true}',
        "original_materials-TOTAL_FORMS": "0",
        "original_materials-INITIAL_FORMS": "0",
        "original_materials-MIN_NUM_FORMS": "0",
        "original_materials-MAX_NUM_FORMS": "1000",
    }
    return client.post(reverse("wagtailadmin_pages:edit", args=(article.pk,)), data)


def test_an_approver_who_cannot_explore_returns_to_the_queue_after_signing(client, chain):
    """Wagtail sends the signer to the column's explorer, which a proofreader may not open: it
    met "你没有权限访问" right after signing (R-23)."""
    article = draft(chain, chain.dept_liaison, title="组织科开展党课学习")
    submit_in_editor(client, article, chain.dept_liaison)

    drafter = approve_in_editor(client, article, chain.dept_liaison)
    proofreader = approve_in_editor(client, article, chain.proofreader1)

    assert drafter.status_code == 302
    assert drafter.url == reverse("wagtailadmin_home")
    assert proofreader.status_code == 302
    assert proofreader.url == reverse("wagtailadmin_home")
    assert ("drafter_review", "approved") in step_statuses(article)
