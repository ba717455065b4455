"""Playwright fixtures and steps shared by every browser test (tests/conftest.py imports the
fixtures, so a browser test may live beside the feature it proves)."""

import os
import shutil
import threading
import time

import pytest

from tests.factories.users import PASSWORD

EDITOR_ERRORS = ".messages .error, .messages [class*=error], .error-message, .w-field__errors"
# Upper bounds, not waits: every step waits for a state (a URL, an element, a message), and on a
# loaded 2-core machine a Wagtail editor can take several seconds to answer; a passing run never
# waits for these.
STEP_TIMEOUT_MS = 60_000


@pytest.fixture(scope="session")
def browser():
    from tests.conftest import require_external

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_external("playwright", "the Python package is not installed")
    executable = os.environ.get("XIUYING_CHROMIUM") or shutil.which("chromium")
    if not executable:
        require_external("chromium", "install Debian's chromium package")
    # Playwright's sync API runs an event loop in the test thread; the ORM calls that fixtures
    # make in that thread are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        from playwright.sync_api import expect

        expect.set_options(timeout=STEP_TIMEOUT_MS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    yield page
    # Leave whatever page is open so no background request (the editor's screening check, its
    # pings) reaches the live server while the test database is flushed; an editor with unsaved
    # changes asks first (beforeunload), which playwright would otherwise dismiss.
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        page.goto("about:blank", timeout=5_000)
    finally:
        context.close()
        # Leaving the editor sends beacons (Wagtail's editing session release); the flush that
        # follows the test must not meet them half-done (a deadlock on PostgreSQL, seen in CI).
        live_server_idle()


def live_server_idle(seconds: float = 10) -> None:
    """Wait until no request thread of the live server is running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any("process_request_thread" in t.name for t in threading.enumerate()):
            return
        time.sleep(0.05)


def sign_in(page, base_url, user):
    """Sign in through the login form, with a TOTP code when the account's role needs one.
    `user` is an account or a username (of an account that needs no second factor)."""
    from cms.security import two_factor
    from tests.cms.security.sessions.totp import TEST_SECRET, next_code

    device = None
    if not isinstance(user, str) and two_factor.two_factor_required(user):
        device = two_factor.totp_device(user) or two_factor.totp_enrol_with_secret(
            user=user, base32_secret=TEST_SECRET
        )
    username = user if isinstance(user, str) else user.username
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    if device is not None:
        page.wait_for_url(f"{base_url}/admin/2fa/verify/**")
        page.fill("input[name=code]", next_code(device))
        page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def fill_new_article(page, *, title: str, summary: str) -> None:
    """Fill the add-article form as an editor types it: the title, then (after leaving the
    field) the slug that Wagtail derives from it, then the summary."""
    from playwright.sync_api import expect

    page.fill("#id_title", title)
    page.press("#id_title", "Tab")
    # The slug is synced from the title by a Stimulus controller once it has loaded.
    expect(page.locator("#id_slug")).not_to_have_value("")
    page.fill("#id_summary", summary)


def save_draft(page) -> None:
    """Click 保存草稿 and wait for the editor of the saved item; when the form comes back with
    errors instead, fail with what the page says rather than with a bare timeout."""
    page.locator("button[type=submit]", has_text="保存草稿").first.click()
    try:
        page.wait_for_url("**/edit/")
    except Exception as timeout:
        errors = page.locator(EDITOR_ERRORS).all_inner_texts()
        raise AssertionError(
            f"the draft was not saved; still at {page.url}; page errors: {errors}"
        ) from timeout
