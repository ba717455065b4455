"""The Wagtail admin under the Content Security Policy, in a real browser (R-13).

The admin gets the policy report-only because Wagtail 8 renders inline scripts (date and time
widgets, InlinePanel, MultipleChooserPanel). This proves that is the only reason: with inline
scripts allowed and everything else as production enforces it, the admin loads and saves with
no violation at all, and the strict report-only policy reports inline scripts and nothing else
(no outside source, no eval, no plug-in).
"""

import pytest
from csp.utils import build_policy
from django.conf import settings

from columns.models import ArticlePage
from tests.browser.support import fill_new_article, save_draft, sign_in

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


def test_admin_works_under_the_policy_and_only_inline_scripts_are_reported(
    page, live_server, news_column, town_liaison
):
    base = live_server.url
    with_policy(page, headers_like_production())
    sign_in(page, base, "town_liaison")
    violations = []
    for path in ("/admin/", f"/admin/pages/{news_column.pk}/", "/admin/images/multiple/add/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        violations += page.evaluate("window.__csp")
    page.goto(f"{base}/admin/pages/add/columns/articlepage/{news_column.pk}/")
    fill_new_article(page, title=TITLE, summary="编辑器的脚本在策略下正常运行。")
    violations += page.evaluate("window.__csp")
    save_draft(page)
    violations += page.evaluate("window.__csp")

    assert ArticlePage.objects.filter(title=TITLE).exists()
    assert [v for v in violations if v["disposition"] == "enforce"] == []
    reported = {(v["directive"], v["blocked"]) for v in violations}
    assert reported <= {("script-src-elem", "inline")}
