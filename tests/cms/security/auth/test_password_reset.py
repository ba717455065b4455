"""Password reset by email (R-13, R-16): limited per account and per client address, and every
request a security event. The probe sent 9 reset mails to one account in 2 seconds."""

import pytest
from django.urls import reverse

from cms.security.models import SecurityEvent
from cms.security.ratelimit import TOO_MANY_RESETS

pytestmark = pytest.mark.django_db

RESET_URL = reverse("wagtailadmin_password_reset")


def ask_reset(client, email, address="198.51.100.20"):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=address)


def reset_events():
    return list(
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED).order_by(
            "pk"
        )
    )


def test_reset_mails_to_one_account_stop_at_the_limit_whatever_the_address(
    client, town_liaison, mailoutbox
):
    responses = [
        ask_reset(client, town_liaison.email, address=f"198.51.100.{n}") for n in range(1, 10)
    ]

    assert len(mailoutbox) == 3
    assert all(mail.to == [town_liaison.email] for mail in mailoutbox)
    # Beyond the limit the page reads the same: nobody learns whether a mail went.
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {reverse("wagtailadmin_password_reset_done")}
    events = reset_events()
    assert len(events) == 9
    assert [e.detail["sent"] for e in events] == [["town_liaison"]] * 3 + [[]] * 6
    assert events[-1].detail["limited"] == ["town_liaison"]
    assert events[-1].user == town_liaison
    assert events[-1].ip_address == "198.51.100.9"


def test_the_limit_of_one_account_leaves_another_alone(
    client, town_liaison, other_liaison, mailoutbox
):
    for _ in range(4):
        ask_reset(client, town_liaison.email, address="198.51.100.30")
    ask_reset(client, other_liaison.email, address="198.51.100.31")

    assert [mail.to for mail in mailoutbox][-1] == [other_liaison.email]
    assert len(mailoutbox) == 4


def test_reset_requests_from_one_address_are_refused_beyond_the_limit(client, mailoutbox):
    answers = [ask_reset(client, f"nobody{n}@xiuying.example") for n in range(12)]

    assert [a.status_code for a in answers] == [302] * 10 + [429] * 2
    assert TOO_MANY_RESETS in answers[10].content.decode()
    assert int(answers[10]["Retry-After"]) > 0
    events = reset_events()
    # Ten requests that reached the form, and the first refused one (a flood writes one row).
    assert len(events) == 11
    assert events[0].detail["accounts"] == []
    assert events[0].detail["email"] == "nobody0@xiuying.example"
    assert events[-1].detail["limited"] == "address"
    assert events[-1].detail["email"] == "nobody10@xiuying.example"
    assert mailoutbox == []


def test_another_address_may_still_ask(client, town_liaison, mailoutbox):
    for n in range(11):
        ask_reset(client, f"nobody{n}@xiuying.example")

    assert ask_reset(client, town_liaison.email, address="192.0.2.99").status_code == 302
    assert [mail.to for mail in mailoutbox] == [[town_liaison.email]]
