"""The admin's search boxes find what the API's search finds: Chinese is segmented in the index
and in the query, whatever the database (R-23, R-24)."""

import pytest
from django.urls import reverse

from columns.services import article_create
from tests.cms.api.conftest import paragraph

pytestmark = pytest.mark.django_db


def admin_search(client, user, query):
    client.force_login(user)
    return client.get(reverse("wagtailadmin_pages:search"), {"q": query}).content.decode()


def test_admin_page_search_finds_a_word_inside_a_title(client, chain, release):
    release(title="学习贯彻全会精神")
    found = admin_search(client, chain.site_admin, "全会")
    assert "学习贯彻全会精神" in found


def test_admin_page_search_finds_a_word_in_the_body(client, chain):
    article_create(
        user=chain.town_liaison,
        column=chain.column,
        title="工作简报",
        body=[paragraph("<p>推进党建引领乡村振兴</p>")],
    )
    assert "工作简报" in admin_search(client, chain.site_admin, "乡村振兴")
    assert "工作简报" not in admin_search(client, chain.site_admin, "全会")


def test_api_and_admin_find_the_same_items(client, chain, release):
    for title in ("学习贯彻全会精神", "全会精神宣讲进社区", "党员冬训"):
        release(title=title)
    api_titles = {i["title"] for i in client.get("/api/v1/search", {"q": "全会"}).json()["items"]}
    found = admin_search(client, chain.site_admin, "全会")
    assert api_titles == {"学习贯彻全会精神", "全会精神宣讲进社区"}
    assert all(title in found for title in api_titles) and "党员冬训" not in found


def test_latin_prefixes_still_autocomplete_in_the_admin(client, chain):
    article_create(user=chain.town_liaison, column=chain.column, title="Wagtail 培训")
    assert "Wagtail 培训" in admin_search(client, chain.site_admin, "Wagt")
