"""The Wagtail admin under the Content Security Policy, in a real browser (R-13).

The admin gets the policy report-only because Wagtail 8 renders inline scripts (date and time
widgets, InlinePanel, MultipleChooserPanel). This proves that is the only reason: with inline
scripts allowed and everything else as production enforces it, the admin loads and saves with
no violation at all, and the strict report-only policy reports inline scripts and nothing else
(no outside source, no eval, no plug-in).

The browser runs in a thread of its own: ``tests/browser``'s session-wide playwright holds the
main thread's event loop, and playwright's sync API cannot start a second one beside it.
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from csp.utils import build_policy
from django.conf import settings

from columns.models import ArticlePage
from tests.conftest import require_external
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    {disposition: e.disposition, directive: e.effectiveDirective, blocked: e.blockedURI}));
"""
TITLE = "在内容安全策略下保存的草稿"


def headers_like_production() -> dict:
    relaxed = {**settings.CSP_DIRECTIVES, "script-src": ["'self'", "'unsafe-inline'"]}
    return {
        "content-security-policy": build_policy(config=relaxed),
        "content-security-policy-report-only": build_policy(report_only=True),
    }


def chromium() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require_external("playwright", "the Python package is not installed")
    executable = os.environ.get("XIUYING_CHROMIUM") or shutil.which("chromium")
    if not executable:
        require_external("chromium", "install Debian's chromium package")
    return executable


def with_policy(page, headers: dict) -> None:
    def fulfil(route):
        if route.request.resource_type != "document":
            route.continue_()
            return
        # Redirects go back to the browser, so that it navigates as it would without the route.
        response = route.fetch(max_redirects=0)
        route.fulfill(response=response, headers={**response.headers, **headers})

    page.route("**/admin/**", fulfil)
    page.add_init_script(WATCH)


def walk_the_admin(executable: str, base: str, column_id: int, headers: dict) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_context(locale="zh-CN").new_page()
        page.set_default_timeout(20_000)
        with_policy(page, headers)
        page.goto(f"{base}/admin/login/")
        page.fill("input[name=username]", "town_liaison")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/admin/")
        violations = []
        for path in ("/admin/", f"/admin/pages/{column_id}/", "/admin/images/multiple/add/"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            violations += page.evaluate("window.__csp")
        page.goto(f"{base}/admin/pages/add/columns/articlepage/{column_id}/")
        page.fill("#id_title", TITLE)
        page.press("#id_title", "Tab")
        page.fill("#id_summary", "编辑器的脚本在策略下正常运行。")
        violations += page.evaluate("window.__csp")
        page.locator("button[type=submit]", has_text="保存草稿").first.click()
        page.wait_for_url("**/edit/")
        violations += page.evaluate("window.__csp")
        # The editor pings in the background; leave it before the database is flushed.
        page.goto("about:blank")
        browser.close()
    return violations


def test_admin_works_under_the_policy_and_only_inline_scripts_are_reported(
    live_server, news_column, town_liaison
):
    executable = chromium()
    headers = headers_like_production()
    with ThreadPoolExecutor(max_workers=1) as pool:
        walk = pool.submit(walk_the_admin, executable, live_server.url, news_column.pk, headers)
        violations = walk.result(timeout=300)

    assert ArticlePage.objects.filter(title=TITLE).exists()
    assert [v for v in violations if v["disposition"] == "enforce"] == []
    reported = {(v["directive"], v["blocked"]) for v in violations}
    assert reported <= {("script-src-elem", "inline")}
