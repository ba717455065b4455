"""大字版 and 高对比度 (适老化, GB/T 37668-2019): a cookie set by a plain link, applied by the
server, so the switch works without JavaScript."""

import pytest

from cms.web.display import COOKIE, display_flags, display_toggle
from tests.cms.web.conftest import html_of

pytestmark = pytest.mark.django_db


def test_flags_keep_only_known_names():
    assert display_flags("large,contrast,evil") == {"large", "contrast"}
    assert display_flags(None) == frozenset()


def test_toggle_switches_one_flag_and_ignores_unknown_names():
    assert display_toggle(frozenset(), "large") == {"large"}
    assert display_toggle(frozenset({"large"}), "large") == frozenset()
    assert display_toggle(frozenset({"large"}), "nonsense") == {"large"}


def test_the_switch_sets_the_cookie_and_returns_to_the_page(client, home):
    response = client.get("/display/large/", {"next": "/news/"})
    assert (response.status_code, response["Location"]) == (302, "/news/")
    assert response.cookies[COOKIE].value == "large"
    assert response.cookies[COOKIE]["httponly"]
    assert 'class="is-large ' in html_of(client.get("/"))
    assert "标准字号" in html_of(client.get("/"))
    client.get("/display/large/")
    assert "is-large" not in html_of(client.get("/"))


def test_the_switch_never_sends_the_reader_to_another_site(client, home):
    response = client.get("/display/contrast/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_an_unknown_switch_is_not_found(client, home):
    assert client.get("/display/blink/").status_code == 404


def test_every_page_offers_the_switches_as_links_with_the_way_back(client, home):
    page = html_of(client.get("/"))
    assert '<a href="/display/large/?next=/">大字版</a>' in page
    assert '<a href="/display/contrast/?next=/">高对比度</a>' in page
    assert '<a class="skip-link" href="#main">跳到正文</a>' in page
