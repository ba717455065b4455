"""The admin offers an account only what it may do, and a refusal says why and where to go
instead (issue 17, R-02, R-08)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from columns.offers import add_refusal, page_types_offered
from columns.permissions import STRUCTURE_DENIED
from tests.factories.pages import ColumnPageFactory

pytestmark = pytest.mark.django_db
BULK_PUBLISH = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
BULK_MOVE = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])


def landing_messages(client, response):
    assert response.status_code == 302
    return response.url, [str(m) for m in get_messages(client.get(response.url).wsgi_request)]


def test_a_liaison_is_offered_items_only_a_site_admin_columns_too(
    news_column, town_liaison, site_admin
):
    assert [m.__name__ for m in page_types_offered(town_liaison, news_column)] == ["ArticlePage"]
    assert {m.__name__ for m in page_types_offered(site_admin, news_column)} == {
        "ArticlePage",
        "ColumnPage",
    }


def test_choosing_a_page_type_goes_straight_to_the_item_form_for_a_liaison(
    client, news_column, town_liaison
):
    client.force_login(town_liaison)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[news_column.pk]))
    assert response.status_code == 302
    assert response.url == reverse(
        "wagtailadmin_pages:add", args=["columns", "articlepage", news_column.pk]
    )


def test_the_site_admin_still_chooses_between_item_and_column(client, news_column, site_admin):
    client.force_login(site_admin)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[news_column.pk]))
    assert response.status_code == 200
    assert "栏目" in response.content.decode()


def test_a_column_asked_for_by_a_liaison_is_refused_with_the_reason_and_the_item_form(
    client, news_column, town_liaison
):
    client.force_login(town_liaison)
    url = reverse("wagtailadmin_pages:add", args=["columns", "columnpage", news_column.pk])
    landing, messages = landing_messages(client, client.get(url))
    assert landing == reverse("wagtailadmin_pages:add_subpage", args=[news_column.pk])
    assert messages == [f"{STRUCTURE_DENIED}请在栏目中添加“信息”。"]


def test_another_units_column_is_refused_with_the_reason_and_the_columns_to_write_in(
    client, home, news_column, other_liaison, other_town
):
    mine = ColumnPageFactory(
        parent=home, title="镇街经验", slug="towns", contributing_units=[other_town]
    )
    client.force_login(other_liaison)
    url = reverse("wagtailadmin_pages:add_subpage", args=[news_column.pk])
    landing, messages = landing_messages(client, client.get(url))
    assert landing == reverse("wagtailadmin_home")
    assert messages == [
        "您所在单位不是栏目“工作动态”的责任科室或报送单位，不能在其中撰写信息。"
        f"您可以在这些栏目撰写信息：“{mine.title}”。"
    ]
    assert "没有权限" not in " ".join(messages)


def test_a_liaison_may_add_in_its_own_column(news_column, town_liaison):
    assert add_refusal(town_liaison, news_column) is None


def test_bulk_publish_is_offered_to_the_site_admin_not_to_a_liaison(
    client, news_column, town_liaison, site_admin
):
    listing = reverse("wagtailadmin_explore", args=[news_column.get_parent().pk])
    client.force_login(town_liaison)
    page = client.get(listing).content.decode()
    assert BULK_PUBLISH not in page
    assert BULK_MOVE not in page
    client.force_login(site_admin)
    page = client.get(listing).content.decode()
    assert BULK_PUBLISH in page
    assert BULK_MOVE in page
