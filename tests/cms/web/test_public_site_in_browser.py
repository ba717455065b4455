"""The public site in a real browser: a reader walks home → column → item → search with the
keyboard's skip link, switches to 大字版 and 高对比度 (with and without JavaScript), and axe-core
finds no serious or critical violation in any mode (GB/T 37668-2019, WCAG 2.1; R-24)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BLOCKING = {"serious", "critical"}


def axe_blocking(page) -> list[str]:
    """axe-core's serious and critical violations on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def site(chain, release, picture):
    from tests.cms.api.conftest import paragraph

    body = [
        paragraph("<p>全区各级党组织认真学习贯彻全会精神。</p>"),
        ("image", {"image": picture, "caption": "学习会现场", "alt_text": ""}),
    ]
    release(title="秀英区召开学习贯彻全会精神大会", cover_image=picture, body=body)
    release(title="长流镇开展主题党日活动", summary="长流镇各支部开展主题党日。")
    return chain


def watch(page) -> list[str]:
    """Every script error and every dialog the page raises (there must be none: no pop-ups)."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    return problems


def test_a_reader_walks_the_site_by_keyboard_and_axe_finds_nothing_serious(page, live_server, site):
    problems = watch(page)
    page.goto(live_server.url + "/")
    assert axe_blocking(page) == []
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("跳到正文")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.get_by_role("navigation", name="栏目导航").get_by_role("link", name="工作动态").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("工作动态")
    assert axe_blocking(page) == []

    page.get_by_role("link", name="秀英区召开学习贯彻全会精神大会").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("秀英区召开学习贯彻全会精神大会")
    expect(page.get_by_role("img", name="学习会现场")).to_be_visible()
    expect(page.get_by_role("button", name="打印本页")).to_be_visible()
    assert axe_blocking(page) == []

    page.get_by_role("searchbox", name="搜索本站信息").fill("全会")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("站内搜索")
    expect(page.get_by_role("link", name="秀英区召开学习贯彻全会精神大会")).to_be_visible()
    assert axe_blocking(page) == []
    assert problems == []


def _font_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def test_large_type_and_high_contrast_hold_across_pages_and_pass_axe(page, live_server, site):
    page.goto(live_server.url + "/news/")
    normal = _font_size(page)
    page.get_by_role("link", name="大字版").click()
    expect(page).to_have_url(live_server.url + "/news/")
    assert _font_size(page) > normal * 1.3
    assert axe_blocking(page) == []

    page.get_by_role("link", name="长流镇开展主题党日活动").click()
    assert _font_size(page) > normal * 1.3
    page.get_by_role("link", name="高对比度").click()
    expect(page.locator("html")).to_have_class("is-large is-contrast")
    assert axe_blocking(page) == []
    page.get_by_role("link", name="标准字号").click()
    assert _font_size(page) == normal


def test_the_switch_works_without_javascript(browser, live_server, site):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="大字版").click()
        expect(page.locator("html")).to_have_class("is-large ")
        expect(page.get_by_role("link", name="标准字号")).to_be_visible()
    finally:
        context.close()
