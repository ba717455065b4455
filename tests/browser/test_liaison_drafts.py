"""Foundation, in a real browser: a liaison signs in, sees Chinese, drafts only in its unit's
columns and cannot publish (R-02, R-08, R-23)."""

import pytest

from columns.models import ArticlePage
from tests.factories.pages import ColumnPageFactory
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def test_liaison_drafts_in_own_column_and_cannot_publish(
    page, live_server, news_column, town_liaison, section
):
    closed = ColumnPageFactory(
        parent=news_column.get_parent(),
        title="干部工作",
        slug="cadres",
        responsible_department=section,
    )
    sign_in(page, live_server.url, "town_liaison")
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.goto(f"{live_server.url}/admin/pages/add/columns/articlepage/{closed.pk}/")
    assert page.url == f"{live_server.url}/admin/"

    page.goto(f"{live_server.url}/admin/pages/add/columns/articlepage/{news_column.pk}/")
    page.fill("#id_title", "长流镇召开党建工作推进会")
    page.press("#id_title", "Tab")
    page.fill("#id_summary", "推进会部署下一阶段基层党建工作。")
    assert page.locator("button[name=action-publish]").count() == 0
    page.locator("button[type=submit]", has_text="保存草稿").first.click()
    page.wait_for_url("**/edit/")

    article = ArticlePage.objects.get(title="长流镇召开党建工作推进会")
    assert not article.live
    assert article.drafter == town_liaison
