"""Brute-force lockout on the admin sign-in (R-13): five failures lock that username from that
address for thirty minutes; the site specialist sees and lifts locks."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from cms.security import lockout
from cms.security.models import SecurityEvent
from tests.cms.security.auth.conftest import sign_in

pytestmark = pytest.mark.django_db

ATTACKER, OFFICE = "198.51.100.66", "192.0.2.10"
LOCKS = "/admin/xiuying/sign-in-locks/"
WRONG = "Wrong#Password2026"  # noqa: S105


def fail(client, username, times, *, address=ATTACKER, **headers):
    return [sign_in(client, username, WRONG, address=address, **headers) for _ in range(times)]


def locked(response) -> bool:
    return response.status_code == 429 and "登录已锁定" in response.content.decode()


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def kinds(kind) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind).order_by("occurred_at", "pk"))


def test_sixth_attempt_from_one_address_is_locked_but_not_from_another(liaison):
    attacker, office = Client(), Client()
    assert [r.status_code for r in fail(attacker, "town_liaison", 4)] == [200] * 4
    fail(attacker, "town_liaison", 1)
    assert locked(sign_in(attacker, "town_liaison", WRONG, address=ATTACKER))
    assert locked(sign_in(attacker, "town_liaison", address=ATTACKER))  # even the right one
    assert signed_in(sign_in(office, "town_liaison", address=OFFICE))


def test_lockout_page_is_chinese_and_names_the_duration(liaison):
    response = fail(Client(), "town_liaison", 6)[-1]
    text = response.content.decode()
    assert lockout.LOCKED_OUT.format(username="town_liaison", minutes=30) in text
    assert lockout.LOCKED_OUT_HINT in text


def test_lockout_answer_says_when_to_retry(liaison):
    """Issue 11: the 429 carries Retry-After with the seconds the lock still lasts."""
    response = fail(Client(), "town_liaison", 6)[-1]
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 30 * 60


def test_seconds_left_run_from_the_latest_attempt(liaison):
    fail(Client(), "town_liaison", 5)
    latest = AccessAttempt.objects.filter(username="town_liaison").latest("attempt_time")
    now = latest.attempt_time + timedelta(minutes=10, seconds=0.5)
    left = lockout.lock_seconds_left(username="town_liaison", address=ATTACKER, now=now)
    assert left == 20 * 60
    later = latest.attempt_time + timedelta(hours=1)
    assert lockout.lock_seconds_left(username="town_liaison", address=ATTACKER, now=later) == 1


def test_lock_is_per_username_at_that_address(liaison, other_liaison):
    fail(Client(), "town_liaison", 5)
    assert signed_in(sign_in(Client(), "other_liaison", address=ATTACKER))


def test_successful_sign_in_resets_the_count(liaison):
    fail(Client(), "town_liaison", 4)
    assert signed_in(sign_in(Client(), "town_liaison", address=ATTACKER))
    fail(Client(), "town_liaison", 4)
    assert signed_in(sign_in(Client(), "town_liaison", address=ATTACKER))


def test_forged_forwarded_for_does_not_escape_the_lock(liaison):
    for n in range(5):
        sign_in(
            Client(), "town_liaison", WRONG, address=ATTACKER, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        )
    forged = sign_in(Client(), "town_liaison", address=ATTACKER, HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert locked(forged)


def test_clients_behind_a_trusted_proxy_are_locked_apart(liaison, settings):
    settings.XIUYING = {**settings.XIUYING, "TRUSTED_PROXIES": ["10.0.0.0/8"]}
    fail(Client(), "town_liaison", 5, address="10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER)
    behind_proxy = {"address": "10.0.0.2", "HTTP_X_FORWARDED_FOR": OFFICE}
    assert signed_in(sign_in(Client(), "town_liaison", **behind_proxy))
    assert AccessAttempt.objects.get().ip_address == ATTACKER


def test_failures_lockout_and_sign_in_are_security_events(liaison):
    fail(Client(), "town_liaison", 6)
    sign_in(Client(), "town_liaison", address=OFFICE)
    failures = kinds(SecurityEvent.Kind.LOGIN_FAILURE)
    assert [(e.username, e.ip_address) for e in failures] == [("town_liaison", ATTACKER)] * 6
    (lock,) = kinds(SecurityEvent.Kind.LOCKOUT)
    assert (lock.username, lock.ip_address) == ("town_liaison", ATTACKER)
    (success,) = kinds(SecurityEvent.Kind.LOGIN_SUCCESS)
    assert (success.user, success.ip_address) == (liaison, OFFICE)


def test_register_sums_failures_across_user_agents_as_axes_does(liaison):
    fail(Client(), "town_liaison", 3, HTTP_USER_AGENT="browser-a")
    fail(Client(), "town_liaison", 2, HTTP_USER_AGENT="browser-b")
    (lock,) = lockout.locks_active()
    assert (lock.username, lock.ip_address, lock.pair_failures) == ("town_liaison", ATTACKER, 5)


def test_register_leaves_out_pairs_below_the_limit(liaison):
    fail(Client(), "town_liaison", 4)
    assert not lockout.locks_active().exists()


def test_specialist_sees_the_lock_in_beijing_time_and_lifts_it(client, liaison, specialist):
    fail(Client(), "town_liaison", 5)
    attempt = AccessAttempt.objects.get()
    client.force_login(specialist)
    register = client.get(LOCKS).content.decode()
    assert "town_liaison" in register
    assert ATTACKER in register
    assert lockout.local_time(attempt.attempt_time) in register
    confirm = client.get(f"{LOCKS}delete/{attempt.pk}/").content.decode()
    assert "解除锁定" in confirm
    client.post(f"{LOCKS}delete/{attempt.pk}/")
    assert not AccessAttempt.objects.exists()
    (unlock,) = kinds(SecurityEvent.Kind.UNLOCK)
    assert unlock.user == specialist
    assert unlock.detail == {"locked_username": "town_liaison", "locked_address": ATTACKER}
    assert signed_in(sign_in(Client(), "town_liaison", address=ATTACKER))


def test_unlocking_one_pair_leaves_the_others_locked(client, liaison, other_liaison, specialist):
    fail(Client(), "town_liaison", 5)
    fail(Client(), "other_liaison", 5)
    client.force_login(specialist)
    target = AccessAttempt.objects.get(username="town_liaison")
    client.post(f"{LOCKS}delete/{target.pk}/")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["other_liaison"]


@pytest.mark.parametrize("who", ["site_admin", "liaison"])
def test_others_can_neither_see_nor_lift_locks(client, request, who):
    request.getfixturevalue("town_liaison")
    fail(Client(), "town_liaison", 5)
    attempt = AccessAttempt.objects.get()
    client.force_login(request.getfixturevalue(who))
    assert client.get(LOCKS).status_code in (302, 403)
    client.post(f"{LOCKS}delete/{attempt.pk}/")
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert not kinds(SecurityEvent.Kind.UNLOCK)


def test_superuser_may_lift_locks(client, liaison, django_user_model):
    fail(Client(), "town_liaison", 5)
    root = django_user_model.objects.create_superuser("root", "root@xiuying.example", "pw")
    client.force_login(root)
    client.post(f"{LOCKS}delete/{AccessAttempt.objects.get().pk}/")
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize(
    ("roles", "is_superuser", "allowed"),
    [
        (frozenset({"site_specialist"}), False, True),
        (frozenset(), True, True),
        (frozenset({"site_admin", "minister"}), False, False),
        (frozenset({"liaison"}), False, False),
    ],
)
def test_only_the_site_specialist_and_superusers_may_lift_locks(roles, is_superuser, allowed):
    assert lockout.may_lift_locks(roles=roles, is_superuser=is_superuser) is allowed
