"""Only live, public, approved items ever reach the mini-program (R-04, R-08, R-18, R-24)."""

import pytest
from wagtail.models import PageViewRestriction

from columns.services import article_create, article_update
from workflows.takedown import article_take_down

pytestmark = pytest.mark.django_db


def listed_ids(client, **params):
    return [item["id"] for item in client.get("/api/v1/articles", params).json()["items"]]


def test_released_item_is_listed_and_readable(client, release):
    article = release(title="学习贯彻全会精神")
    assert listed_ids(client) == [article.pk]
    assert client.get(f"/api/v1/articles/{article.pk}").json()["title"] == "学习贯彻全会精神"


def test_draft_is_never_served(client, chain):
    draft = article_create(user=chain.town_liaison, column=chain.column, title="草稿")
    assert listed_ids(client) == []
    response = client.get(f"/api/v1/articles/{draft.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "article_not_found"


def test_item_in_the_chain_is_not_served_before_release(client, chain, release):
    from tests.workflows.chain import act, submit

    article = article_create(user=chain.town_liaison, column=chain.column, title="审批中")
    article = submit(article, chain.town_liaison)
    act(article, chain.town_liaison)
    act(article, chain.unit_approver)
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404


def test_live_item_serves_its_live_revision_not_a_newer_draft(client, chain, release):
    article = release(title="已发布标题", summary="已发布摘要")
    article_update(user=chain.town_liaison, article=article, title="未审批的修改", summary="改")
    body = client.get(f"/api/v1/articles/{article.pk}").json()
    assert (body["title"], body["summary"]) == ("已发布标题", "已发布摘要")
    assert client.get("/api/v1/articles").json()["items"][0]["title"] == "已发布标题"


def test_live_page_without_an_approved_revision_is_not_served(client, chain, release):
    # A row made live behind the chain's back (raw update, bulk import) stays invisible.
    article = release(title="正常发布")
    sneaked = article_create(user=chain.town_liaison, column=chain.column, title="绕过审批")
    type(sneaked).objects.filter(pk=sneaked.pk).update(live=True)
    assert listed_ids(client) == [article.pk]
    assert client.get(f"/api/v1/articles/{sneaked.pk}").status_code == 404


def test_taken_down_item_disappears_at_once(client, release, specialist):
    article = release()
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 200
    article_take_down(user=specialist, article=article, reason="内容有误")
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404
    assert listed_ids(client) == []


def test_view_restricted_item_is_not_served(client, release):
    article = release()
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404
    assert listed_ids(client) == []


def test_items_of_a_restricted_column_are_not_served(client, chain, release):
    article = release()
    PageViewRestriction.objects.create(
        page=chain.column, restriction_type="password", password="secret-pass"
    )
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404
    assert client.get("/api/v1/site").json()["columns"] == []
    assert client.get(f"/api/v1/columns/{chain.column.pk}").status_code == 404


def test_items_of_an_unpublished_column_are_not_served(client, chain, release, site_admin):
    from wagtail.models import Page

    article = release()
    Page.objects.filter(pk=chain.column.pk).update(live=False)
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404
    assert listed_ids(client) == []


def test_search_finds_only_published_items(client, chain, release):
    release(title="学习贯彻全会精神")
    article_create(user=chain.town_liaison, column=chain.column, title="全会草稿")
    items = client.get("/api/v1/search", {"q": "全会"}).json()["items"]
    assert [item["title"] for item in items] == ["学习贯彻全会精神"]
