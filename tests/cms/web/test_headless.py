"""PUBLIC_SITE off: the mini-program's API stays the only public channel; the website's
pages, search, feeds and sitemap answer 404, robots.txt turns crawlers away, and previews in
the admin still work (tests/cms/web/test_previews.py)."""

import pytest

from tests.cms.web.conftest import options

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/", "/news/", "ARTICLE", "/search/?q=全会", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml"],
)
def test_headless_mode_turns_every_public_page_off(client, release, path):
    article = release(title="学习贯彻全会精神")
    path = article.url if path == "ARTICLE" else path
    assert client.get(path).status_code == 200
    with options(PUBLIC_SITE=False):
        assert client.get(path).status_code == 404


def test_headless_mode_keeps_the_api_and_closes_robots(client, release):
    article = release()
    with options(PUBLIC_SITE=False):
        assert client.get(f"/api/v1/articles/{article.pk}").status_code == 200
        assert client.get("/robots.txt").content.decode().splitlines() == [
            "User-agent: *",
            "Disallow: /",
        ]
