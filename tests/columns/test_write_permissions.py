"""R-02 and R-08 on every path: the service, the model backstop, Wagtail's views and actions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from columns.models import ArticlePage
from columns.permissions import user_can_write_in_column
from columns.services import article_create, article_update
from tests.factories.pages import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_rule_allows_contributing_unit_and_refuses_others(news_column, town_liaison, other_liaison):
    assert user_can_write_in_column(town_liaison, news_column)
    assert not user_can_write_in_column(other_liaison, news_column)


def test_service_creates_draft_for_contributing_liaison(news_column, town_liaison):
    article = article_create(user=town_liaison, column=news_column, title="长流镇开展主题党日活动")
    assert not article.live
    assert article.drafter == town_liaison
    assert article.get_latest_revision() is not None


def test_service_refuses_liaison_of_non_contributing_unit(news_column, other_liaison):
    with pytest.raises(PermissionDenied) as excinfo:
        article_create(user=other_liaison, column=news_column, title="越权报送")
    assert "不能在此栏目撰写信息" in str(excinfo.value)
    assert not ArticlePage.objects.exists()


def test_model_refuses_script_writing_as_non_contributing_drafter(news_column, other_liaison):
    with pytest.raises(ValidationError):
        ArticlePageFactory(parent=news_column, drafter=other_liaison)
    assert not ArticlePage.objects.exists()


def test_service_refuses_editing_another_units_item(news_column, town_liaison, site_admin):
    article = article_create(
        user=site_admin,
        column=news_column,
        title="组织组稿件",
        source_unit=news_column.responsible_department,
    )
    with pytest.raises(PermissionDenied):
        article_update(user=town_liaison, article=article, title="改标题")


def login(client, user):
    client.force_login(user)


def assert_refused(response):
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    assert (response.status_code, response.get("Location")) in {(403, None), (302, "/admin/")}


def test_admin_create_view_refuses_non_contributing_liaison(client, news_column, other_liaison):
    login(client, other_liaison)
    url = reverse("wagtailadmin_pages:add", args=("columns", "articlepage", news_column.pk))
    assert_refused(client.get(url))


def post_article(client, column, title):
    url = reverse("wagtailadmin_pages:add", args=("columns", "articlepage", column.pk))
    data = {
        "title": title,
        "slug": "liaison-item",
        "summary": "",
        "body-count": "0",
        "item_kind": "work_focus",
        "original_materials-TOTAL_FORMS": "0",
        "original_materials-INITIAL_FORMS": "0",
        "original_materials-MIN_NUM_FORMS": "0",
        "original_materials-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    return client.post(url, data)


def test_admin_liaison_can_draft_but_publish_button_does_not_publish(
    client, news_column, town_liaison
):
    login(client, town_liaison)
    response = post_article(client, news_column, "联络员试图直接发布")
    assert response.status_code == 302
    article = ArticlePage.objects.get(title="联络员试图直接发布")
    assert not article.live
    assert article.drafter == town_liaison


def test_admin_liaison_cannot_create_columns(client, news_column, town_liaison):
    login(client, town_liaison)
    url = reverse("wagtailadmin_pages:add", args=("columns", "columnpage", news_column.pk))
    response = client.get(url)
    # Refused with the reason, and sent to write an item in that column instead (issue 17).
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:add_subpage", args=[news_column.pk])
    assert client.post(url, {"title": "新栏目"}).status_code == 302
    assert not news_column.get_children().exists()


def test_admin_liaison_cannot_open_other_units_draft(client, news_column, town_liaison, site_admin):
    article = article_create(
        user=site_admin,
        column=news_column,
        title="组织组草稿",
        source_unit=news_column.responsible_department,
    )
    login(client, town_liaison)
    # Another unit's item is not even confirmed to exist (columns.middleware, R-13).
    assert client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).status_code == 404
    listing = client.get(reverse("wagtailadmin_explore", args=(news_column.pk,)))
    assert "组织组草稿" not in listing.content.decode()


def test_liaison_cannot_publish_through_wagtail_action(news_column, town_liaison):
    article = article_create(user=town_liaison, column=news_column, title="待发布")
    with pytest.raises(PermissionDenied):
        article.get_latest_revision().publish(user=town_liaison)
    article.refresh_from_db()
    assert not article.live


def test_superuser_without_site_admin_role_cannot_publish(
    news_column, town_liaison, django_user_model
):
    article = article_create(user=town_liaison, column=news_column, title="超级用户")
    root = django_user_model.objects.create_superuser("root", "root@x.example", "pw")
    assert not article.permissions_for_user(root).can_publish()
    with pytest.raises(PermissionDenied):
        article.get_latest_revision().publish(user=root)


def test_even_site_admin_cannot_publish_outside_the_chain(news_column, town_liaison, site_admin):
    article = article_create(user=town_liaison, column=news_column, title="绕过审批")
    assert not article.permissions_for_user(site_admin).can_publish()
    with pytest.raises(PermissionDenied):
        article.get_latest_revision().publish(user=site_admin)
    article.refresh_from_db()
    assert not article.live


def test_script_publish_without_permission_checks_meets_the_model_gate(news_column, town_liaison):
    article = article_create(user=town_liaison, column=news_column, title="脚本发布")
    with pytest.raises(PermissionDenied, match="未经完整审批链核准"):
        article.get_latest_revision().publish(skip_permission_checks=True)
    assert not ArticlePage.objects.get(pk=article.pk).live
