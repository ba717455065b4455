"""The crawl's own rules, without a database: what counts as English on a page, which links
are followed, and which URLs count as the same screen (R-23)."""

import json

import pytest

from tests.crawl.crawler import followable, normalised, url_pattern
from tests.crawl.page_text import english_words, page_scan

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure


@pytest.mark.parametrize(
    "text",
    [
        "Search",
        "None",
        "37\xa0seconds ago 已发送至 一校",
        "共 1 个None，当前显示第 1-1 个",
        "Release days",
    ],
)
def test_english_interface_words_are_found(text):
    assert english_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "使用 Wagtail 需要 JavaScript，但它当前已被禁用。",
        "导出Excel（XLSX）",
        "在手机上安装支持 TOTP 的验证器应用（如 FreeOTP、Microsoft Authenticator）。",
        "用于URL的页面名称，如http://domain.com/work/[my-work]/",
        "联系 site_admin@xiuying.example",
        "xiuying-demo-027-source.txt",
        "图片 1200x675 像素，2.5 MB",
        "aeb51f6125f2…",
        "columns.articlepage",
        "Asia/Shanghai",
        "Ctrl + Shift + v",
    ],
)
def test_brands_units_code_addresses_and_file_names_are_allowed(text):
    assert english_words(text) == []


def test_demo_data_is_allowed_when_named():
    assert english_words("“proofreader1”的更多选项") == ["proofreader1"]
    assert english_words("“proofreader1”的更多选项", allowed=frozenset({"proofreader1"})) == []


def test_scan_reads_text_and_the_attributes_a_person_sees_or_hears():
    scan = page_scan(
        '<p>标题 <img alt="Logo"><input placeholder="Find" aria-label="搜索">'
        '<a title="Open" href="/admin/x/">打开</a><input type="submit" value="Search">'
        '<input type="text" value="typed by the user"></p>'
    )
    assert [t.value for t in scan.texts] == [
        "标题",
        "Logo",
        "搜索",
        "Find",
        "Open",
        "打开",
        "Search",
    ]
    assert scan.texts[-1].where == "input[value]"


def test_scan_skips_code_but_reads_menus_hidden_until_opened():
    scan = page_scan(
        "<script>var x = 'English';</script><style>p{}</style><code>kind, term</code>"
        "<pre>log</pre><kbd>Ctrl</kbd><div hidden><a href='/admin/pages/3/edit/'>Edit</a></div>"
        "<div data-side-panel-toggle-counter hidden>None</div>"
    )
    assert [t.value for t in scan.texts] == ["Edit"]
    assert scan.links == ["/admin/pages/3/edit/"]


def test_scan_follows_get_forms_but_not_post_forms():
    scan = page_scan(
        '<form action="/admin/log/export.csv"></form><form method="GET" action="/admin/s/">'
        '</form><form method="post" action="/admin/pages/3/delete/"></form>'
    )
    assert scan.links == ["/admin/log/export.csv", "/admin/s/"]


def test_scan_reads_the_sidebar_menu_from_its_json():
    props = {"_type": "menu", "_args": [{"label": "Reports", "url": "/admin/reports/"}]}
    html = (
        f'<script id="wagtail-sidebar-props" type="application/json">{json.dumps(props)}</script>'
    )
    scan = page_scan(html)
    assert [(t.value, t.where) for t in scan.texts] == [("Reports", "sidebar label")]
    assert scan.links == ["/admin/reports/"]


@pytest.mark.parametrize(
    ("url", "pattern"),
    [
        ("/admin/pages/12/edit/", "/admin/pages/#/edit/"),
        ("/admin/pages/3/?ordering=title", "/admin/pages/#/?ordering"),
        ("/admin/reports/site-history/?export=xlsx&p=2", "/admin/reports/site-history/?download"),
        ("/admin/xiuying/release-log/export.csv", "/admin/xiuying/release-log/export.csv?download"),
        ("/documents/30/xiuying-demo-027-source.txt", "/documents/#/*"),
        ("/news/demo-004/", "/*/*/"),
        ("/", "/"),
    ],
)
def test_url_pattern_names_the_screen_whatever_the_object(url, pattern):
    assert url_pattern(url) == pattern


def test_normalised_drops_fragments_and_parameters_that_change_nothing():
    assert normalised("/admin/pages/3/edit/?next=%2Fadmin%2F#tab") == "/admin/pages/3/edit/"
    assert normalised("/admin/images/?q=a&p=1") == "/admin/images/?q=a"
    assert normalised("/admin/images/?p=2&q=a") == "/admin/images/?p=2&q=a"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/logout/",
        "/admin/pages/3/delete/",
        "/admin/pages/3/unpublish/",
        "/admin/xiuying/takedown/13/",
        "/admin/bulk/wagtailcore/page/delete/?id=3",
        "/admin/pages/3/workflow/action/approve/4/",
        "/admin/2fa/accounts/5/reset/",
        "/media/images/a.jpg",
        "/admin/pages/3/results/",
        "https://example.org/admin/",
    ],
)
def test_links_that_change_state_or_leave_the_site_are_not_followed(url):
    assert not followable(url)


def test_screens_and_downloads_are_followed():
    assert followable("/admin/pages/3/history/")
    assert followable("/admin/reports/workflow/?export=csv")
