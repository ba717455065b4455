"""Sign-in lockout and the expired-password gate in a real browser (R-13, R-16)."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from cms.security import lockout, passwords
from tests.cms.security.auth.conftest import NEW_PASSWORD, password_age
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRONG = "Wrong#Password2026"  # noqa: S105


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def submit_sign_in(page, base_url, password):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", "town_liaison")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_sixth_wrong_password_is_locked_while_another_address_signs_in(
    browser, page, live_server, town_liaison, settings
):
    # The live server sees every browser at 127.0.0.1: let it act as the trusted proxy and give
    # each browser context its own forwarded address.
    settings.XIUYING = {**settings.XIUYING, "TRUSTED_PROXIES": ["127.0.0.1"]}
    page.set_extra_http_headers({"X-Forwarded-For": "198.51.100.66"})
    for _ in range(6):
        submit_sign_in(page, live_server.url, WRONG)
    message = lockout.LOCKED_OUT.format(username="town_liaison", minutes=30)
    expect(page.locator("[data-xiuying-lockout]")).to_have_text(message)
    submit_sign_in(page, live_server.url, PASSWORD)
    expect(page.locator("h1")).to_have_text("登录已锁定")

    office = browser.new_context(
        locale="zh-CN", extra_http_headers={"X-Forwarded-For": "192.0.2.10"}
    )
    other = office.new_page()
    submit_sign_in(other, live_server.url, PASSWORD)
    other.wait_for_url(f"{live_server.url}/admin/")
    office.close()


def test_expired_password_is_changed_before_anything_else(page, live_server, town_liaison):
    password_age(town_liaison, 91)
    submit_sign_in(page, live_server.url, PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/password/change/**")
    reason = passwords.EXPIRED_NOTICE.format(days=90)
    expect(page.locator("[data-xiuying-password-reason]")).to_have_text(reason)

    page.goto(f"{live_server.url}/admin/pages/")
    page.wait_for_url(f"{live_server.url}/admin/password/change/**")

    def change_to(new):
        page.fill("input[name=old_password]", PASSWORD)
        page.fill("input[name=new_password1]", new)
        page.fill("input[name=new_password2]", new)
        page.click("form.login-form button[type=submit]")

    change_to(PASSWORD)
    expect(
        page.locator(".messages li.error", has_text=passwords.REUSED.format(count=5))
    ).to_be_visible()
    change_to(NEW_PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/pages/")
    expect(page.get_by_text("密码已修改")).to_be_visible()
