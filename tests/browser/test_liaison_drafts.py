"""Foundation, in a real browser: a liaison signs in, sees Chinese, drafts only in its unit's
columns and cannot publish (R-02, R-08, R-23)."""

import pytest

from columns.models import ArticlePage
from tests.browser.support import fill_new_article, save_draft, sign_in
from tests.factories.pages import ColumnPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    fill_new_article(
        page, title="长流镇召开党建工作推进会", summary="推进会部署下一阶段基层党建工作。"
    )
    assert page.locator("button[name=action-publish]").count() == 0
    save_draft(page)

    article = ArticlePage.objects.get(title="长流镇召开党建工作推进会")
    assert not article.live
    assert article.drafter == town_liaison
