"""Lockouts, sign-in failures across accounts from one address and virus finds email 网站专管员,
once per subject per window however often the signal repeats (R-18)."""

import pytest
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.core import mail
from django.test import RequestFactory

from cms.security.alerts import alert_recipients
from cms.security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def request_from(address: str):
    return RequestFactory().post("/admin/login/", REMOTE_ADDR=address)


def fail_sign_in(username: str, address: str = "203.0.113.7") -> None:
    credentials = {"username": username, "password": "********"}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request_from(address))


def test_alerts_go_to_active_site_specialists_only(specialist, site_admin, make_user):
    retired = make_user("retired", "site_specialist", unit=specialist.xiuying_profile.unit)
    retired.is_active = False
    retired.save()

    assert alert_recipients() == [specialist.email]


def test_lockout_alerts_once_however_often_axes_repeats_it(specialist):
    for _attempt in range(4):
        user_locked_out.send(
            "axes", request=request_from("203.0.113.7"), username="liaison", ip_address="x"
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [specialist.email]
    assert "账号被锁定：liaison" in mail.outbox[0].subject
    assert "203.0.113.7" in mail.outbox[0].body


def test_lockouts_of_different_accounts_each_alert(specialist):
    for username in ("liaison", "proofreader1"):
        user_locked_out.send(
            "axes", request=request_from("203.0.113.7"), username=username, ip_address="x"
        )

    assert len(mail.outbox) == 2


def test_failures_across_five_accounts_from_one_address_are_an_attack(specialist):
    for username in ("a", "b", "c", "d"):
        fail_sign_in(username)
    assert mail.outbox == []

    fail_sign_in("e")
    fail_sign_in("f")

    assert len(mail.outbox) == 1
    assert "同一地址多个账号登录失败：203.0.113.7" in mail.outbox[0].subject
    attack = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ATTACK)
    assert attack.ip_address == "203.0.113.7"
    assert attack.detail["distinct_usernames"] == 5


def test_one_account_failing_repeatedly_is_not_a_spray(specialist):
    for _attempt in range(10):
        fail_sign_in("liaison")

    # django-axes locks the account after five (one lockout alert), but nothing says spray.
    assert [m.subject for m in mail.outbox] == ["【秀英党建网安全告警】账号被锁定：liaison"]
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ATTACK).exists()


def test_failures_from_different_addresses_are_counted_apart(specialist):
    for number, username in enumerate("abcde"):
        fail_sign_in(username, address=f"203.0.113.{number + 1}")

    assert mail.outbox == []
