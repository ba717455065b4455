"""One live session per account, sign-outs and the idle timeout (R-17)."""

import time

import pytest

from cms.security import sessions
from cms.security.models import AccountSession, SecurityEvent

pytestmark = pytest.mark.django_db


def events(kind):
    return list(SecurityEvent.objects.filter(kind=kind))


def set_last_activity(browser, seconds_ago):
    session = browser.session
    session[sessions.LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_a_second_sign_in_ends_the_first_session(sign_in, town_liaison):
    first = sign_in(town_liaison)
    second = sign_in(town_liaison, agent="Browser B", addr="203.0.113.2")
    assert first.get("/admin/").status_code == 302
    assert second.get("/admin/").status_code == 200
    assert first.get("/admin/").url.startswith("/admin/login/")


def test_the_ended_session_is_told_why_on_the_sign_in_page(sign_in, town_liaison):
    first = sign_in(town_liaison)
    sign_in(town_liaison, agent="Browser B")
    page = first.get("/admin/", follow=True).content.decode()
    assert sessions.SESSION_SUPERSEDED in page


def test_the_ended_session_is_recorded_with_its_address_and_device(sign_in, town_liaison):
    first = sign_in(town_liaison, agent="Browser A", addr="203.0.113.1")
    sign_in(town_liaison, agent="Browser B", addr="203.0.113.2")
    first.get("/admin/")
    (ended,) = events(SecurityEvent.Kind.SESSION_ENDED)
    assert (ended.user, ended.ip_address, ended.user_agent) == (
        town_liaison,
        "203.0.113.1",
        "Browser A",
    )
    assert ended.detail == {"reason": sessions.SUPERSEDED}


def test_a_sign_in_keeps_the_address_and_device_of_the_live_session(sign_in, town_liaison):
    sign_in(town_liaison, agent="Browser A", addr="203.0.113.1")
    sign_in(town_liaison, agent="Browser B", addr="203.0.113.2")
    live = AccountSession.objects.get(user=town_liaison)
    assert (live.ip_address, live.user_agent) == ("203.0.113.2", "Browser B")


def test_signing_out_is_recorded_and_closes_the_live_session(sign_in, town_liaison):
    browser = sign_in(town_liaison)
    browser.post("/admin/logout/")
    (logout,) = events(SecurityEvent.Kind.LOGOUT)
    assert (logout.user, logout.ip_address) == (town_liaison, "203.0.113.1")
    assert not AccountSession.objects.filter(user=town_liaison).exists()
    assert events(SecurityEvent.Kind.SESSION_ENDED) == []


def test_sessions_of_other_accounts_are_not_touched(sign_in, town_liaison, other_liaison):
    mine = sign_in(town_liaison)
    sign_in(other_liaison)
    assert mine.get("/admin/").status_code == 200


def test_the_token_outlives_the_session_key_rotation(sign_in, town_liaison):
    browser = sign_in(town_liaison)
    session = browser.session
    token = session[sessions.SESSION_TOKEN_KEY]
    session.cycle_key()  # what a password change does to the key (update_session_auth_hash)
    browser.cookies["sessionid"] = session.session_key
    assert browser.get("/admin/").status_code == 200
    assert browser.session[sessions.SESSION_TOKEN_KEY] == token


def test_a_session_idle_past_the_limit_ends(sign_in, town_liaison):
    browser = sign_in(town_liaison)
    set_last_activity(browser, 31 * 60)
    page = browser.get("/admin/", follow=True).content.decode()
    assert "您已超过30分钟未操作，本会话已结束，请重新登录。" in page
    (ended,) = events(SecurityEvent.Kind.SESSION_ENDED)
    assert ended.detail == {"reason": sessions.IDLE}


def test_a_session_in_use_stays_open_past_the_limit(sign_in, town_liaison):
    browser = sign_in(town_liaison)
    set_last_activity(browser, 20 * 60)
    assert browser.get("/admin/").status_code == 200
    set_last_activity(browser, 20 * 60)
    assert browser.get("/admin/").status_code == 200


def test_the_editors_background_ping_is_not_activity(sign_in, town_liaison):
    browser = sign_in(town_liaison)
    set_last_activity(browser, 20 * 60)
    browser.post("/admin/editing-sessions/ping/wagtailcore/page/1/0/")
    assert time.time() - browser.session[sessions.LAST_ACTIVITY_KEY] >= 20 * 60
    browser.get("/admin/")
    assert time.time() - browser.session[sessions.LAST_ACTIVITY_KEY] < 20 * 60
