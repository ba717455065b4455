"""Feeds, sitemap and robots.txt list only what the API would serve, with absolute addresses
under PUBLIC_BASE_URL (R-24)."""

import pytest
from defusedxml import ElementTree
from django.utils import timezone
from django.utils.http import http_date
from wagtail.models import Page

from columns.services import article_create
from tests.factories.pages import ColumnPageFactory
from workflows.models import ReleaseLogEntry

pytestmark = pytest.mark.django_db
BASE = "https://dangjian.xiuying.example"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def rss_items(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.findall("item")]


@pytest.fixture
def sneaked(chain, release):
    """A draft made live behind the chain's back (R-08)."""
    sneaked = article_create(user=chain.town_liaison, column=chain.column, title="绕过审批")
    Page.objects.filter(pk=sneaked.pk).update(live=True)
    return sneaked


def test_site_rss_lists_released_items_with_absolute_links(client, chain, release, sneaked):
    article = release(title="学习贯彻全会精神", summary="全区学习全会精神。")
    entry = ReleaseLogEntry.objects.get(article_page_id=article.pk, kind="release")
    items = rss_items(client, "/feeds/rss/")
    assert [item["title"] for item in items] == ["学习贯彻全会精神"]
    assert items[0]["link"] == BASE + article.url
    assert items[0]["description"] == "全区学习全会精神。"
    assert items[0]["pubDate"] == http_date(entry.recorded_at.timestamp()).replace("GMT", "+0000")


def test_site_atom_feed_parses_and_links_under_the_public_base(client, release):
    article = release(title="主题党日")
    feed = ElementTree.fromstring(client.get("/feeds/atom/").content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["主题党日"]
    assert entries[0].find(f"{ATOM}link").get("href") == BASE + article.url
    assert feed.find(f"{ATOM}link").get("href") == BASE + "/"


def test_a_column_feed_holds_its_own_items_and_its_sub_columns(
    client, chain, release, sub_column, home, section, town
):
    other = ColumnPageFactory(
        parent=home,
        title="其他栏目",
        slug="other",
        responsible_department=section,
        contributing_units=[town],
    )
    release(title="本栏目"), release(title="子栏目", column=sub_column)
    release(title="其他栏目的信息", column=other)
    titles = [item["title"] for item in rss_items(client, f"/feeds/columns/{chain.column.pk}/rss/")]
    assert sorted(titles) == ["子栏目", "本栏目"]
    atom = client.get(f"/feeds/columns/{chain.column.pk}/atom/")
    assert atom.status_code == 200 and b"<title>" in atom.content


def test_a_feed_of_an_unpublished_or_unknown_column_is_not_found(client, chain, release):
    release()
    Page.objects.filter(pk=chain.column.pk).update(live=False)
    assert client.get(f"/feeds/columns/{chain.column.pk}/rss/").status_code == 404
    assert client.get("/feeds/columns/999999/rss/").status_code == 404
    assert rss_items(client, "/feeds/rss/") == []


def test_sitemap_lists_the_home_page_columns_and_released_items_only(
    client, chain, release, sneaked
):
    article = release(title="已发布")
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")]
    assert locations == [BASE + "/", BASE + chain.column.url, BASE + article.url]
    assert BASE + sneaked.url not in locations
    lastmods = [url.find(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")]
    assert lastmods[-1].text == timezone.localtime(article.last_published_at).date().isoformat()


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, home):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
