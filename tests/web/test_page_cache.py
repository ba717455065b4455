"""Public pages are cached whole under the content generation: a hit costs no query, a release,
a takedown or a footer change shows at once, and readers' copies are revalidated with ETag and
Last-Modified (R-24)."""

import pytest
from wagtail.models import Site

from home.models import SiteFooter
from tests.web.conftest import html_of, options
from workflows.takedown import article_take_down

pytestmark = pytest.mark.django_db


def test_a_cached_page_costs_no_query(client, release, django_assert_num_queries):
    article = release(title="缓存的信息")
    for url in ("/", "/news/", article.url):
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content and again["ETag"] == first["ETag"]


def test_a_release_shows_at_once_on_cached_pages(client, release):
    release(title="第一条")
    assert "第二条" not in html_of(client.get("/"))
    release(title="第二条")
    assert "第二条" in html_of(client.get("/"))


def test_a_takedown_shows_at_once_on_cached_pages(client, release, specialist):
    article = release(title="将被下线")
    url = article.url
    assert "将被下线" in html_of(client.get("/news/"))
    assert client.get(url).status_code == 200
    article_take_down(user=specialist, article=article, reason="内容有误")
    assert "将被下线" not in html_of(client.get("/news/"))
    assert client.get(url).status_code == 404


def test_a_footer_change_shows_at_once(client, home):
    client.get("/")
    footer = SiteFooter.for_site(Site.objects.get(is_default_site=True))
    footer.icp_number = "琼ICP备12345678号"
    footer.save()
    assert "琼ICP备12345678号" in html_of(client.get("/"))


def test_large_type_is_cached_apart_from_standard_type(client, home):
    client.get("/")
    client.get("/display/large/")
    assert "is-large" in html_of(client.get("/"))
    client.cookies.clear()
    assert "is-large" not in html_of(client.get("/"))


def test_a_readers_copy_is_revalidated_with_etag_and_last_modified(client, release):
    article = release()
    first = client.get(article.url)
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in first["Vary"]
    assert client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(article.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304 and since.content == b""


def test_unknown_query_parameters_are_served_but_not_cached(
    client, home, django_assert_max_num_queries
):
    client.get("/", {"utm_source": "wechat"})
    with django_assert_max_num_queries(30) as counted:
        assert client.get("/", {"utm_source": "wechat"}).status_code == 200
    assert len(counted) > 0


def test_the_page_cache_can_be_switched_off(client, release, django_assert_max_num_queries):
    article = release()
    with options(WEB_CACHE_SECONDS=0):
        client.get(article.url)
        with django_assert_max_num_queries(30) as counted:
            client.get(article.url)
    assert len(counted) > 0
