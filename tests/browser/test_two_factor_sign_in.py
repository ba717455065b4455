"""Signing in with two factors in a real browser (R-13, R-17)."""

import pytest
from playwright.sync_api import expect

from cms.security import two_factor
from tests.cms.security.sessions.totp import TEST_SECRET, code_from_secret
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page, base_url, user):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_the_code_page_follows_the_password_and_opens_the_dashboard(
    page, live_server, make_user, section
):
    minister = make_user("minister", "minister", unit=section)
    two_factor.totp_enrol_with_secret(user=minister, base32_secret=TEST_SECRET)
    password_step(page, live_server.url, minister)
    page.wait_for_url(f"{live_server.url}/admin/2fa/verify/**")
    expect(page.locator("input[name=password]")).to_have_count(0)
    page.fill("input[name=code]", code_from_secret(TEST_SECRET))
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.locator("#main")).to_be_visible()


def test_a_minister_without_an_authenticator_enrols_before_the_dashboard(
    page, live_server, make_user, section
):
    minister = make_user("minister", "minister", unit=section)
    password_step(page, live_server.url, minister)
    page.wait_for_url(f"{live_server.url}/admin/2fa/enrol/**")
    expect(page.locator(".xiuying-totp-qr svg")).to_be_visible()
    secret = page.locator("[data-totp-secret]").inner_text()
    page.fill("input[name=code]", code_from_secret(secret))
    page.click("form.login-form button[type=submit]")
    expect(page.locator(".xiuying-recovery-codes li")).to_have_count(10)
    page.click("text=我已保存，继续")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_a_second_sign_in_ends_the_first_browsers_session(browser, live_server, town_liaison):
    first, second = browser.new_context(locale="zh-CN"), browser.new_context(locale="zh-CN")
    try:
        for context in (first, second):
            tab = context.new_page()
            password_step(tab, live_server.url, town_liaison)
            tab.wait_for_url(f"{live_server.url}/admin/")
        tab = first.pages[0]
        tab.goto(f"{live_server.url}/admin/pages/")
        expect(tab.locator(".messages")).to_contain_text("您的账号已在其他地方登录，本会话已结束。")
        expect(tab.locator("input[name=password]")).to_be_visible()
    finally:
        first.close()
        second.close()
