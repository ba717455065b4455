"""Strength, history and the clock of passwords (R-16), on every path that changes one."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.views.account import ChangePasswordPanel

from cms.security import passwords
from cms.security.models import PasswordRecord, SecurityEvent
from tests.cms.security.auth.conftest import NEW_PASSWORD, password_age
from tests.factories.users import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIX_PASSWORDS = [f"Xiuying#Round{n}Pass" for n in range(1, 7)]


def refusals(password, user) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def refusal_codes(password, user) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def change(user, password):
    user.set_password(password)
    user.save()


def record(user) -> PasswordRecord:
    return PasswordRecord.objects.get(user_id=user.pk)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short#1a", "password_too_short"),
        ("xiuyingdangjian", "password_too_few_classes"),
        ("Q1w2e3r4t5y6", "password_too_common"),  # on Django's list, case-insensitive
        ("20260601199912", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    assert code in refusal_codes(password, UserFactory(username="zhangsan"))


def test_password_like_the_username_is_refused():
    user = UserFactory(username="xiuying_liaison", email="liaison@xiuying.example")
    assert "password_too_similar" in refusal_codes("Xiuying_Liaison1", user)


def test_a_strong_new_password_is_accepted():
    assert refusals(NEW_PASSWORD, UserFactory()) == []


def test_last_five_passwords_cannot_be_reused_but_an_older_one_may():
    user = UserFactory()
    for password in SIX_PASSWORDS:
        change(user, password)
    reused = passwords.REUSED.format(count=5)
    for recent in SIX_PASSWORDS[1:]:
        assert refusals(recent, user) == [reused]
    assert refusals(SIX_PASSWORDS[0], user) == []
    assert len(record(user).history) == 5


def test_history_is_kept_as_hashes():
    user = UserFactory()
    change(user, NEW_PASSWORD)
    assert NEW_PASSWORD not in str(record(user).history)
    assert record(user).history[0] == user.password


def test_a_change_restarts_the_clock_and_lifts_a_forced_change():
    user = UserFactory()
    password_age(user, 120)
    passwords.password_require_change(user=user)
    change(user, NEW_PASSWORD)
    assert record(user).must_change is False
    assert timezone.now() - record(user).changed_at < timedelta(minutes=1)


def test_a_change_is_a_security_event_but_the_first_password_is_not():
    user = UserFactory()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_CHANGED).exists()
    change(user, NEW_PASSWORD)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PASSWORD_CHANGED)
    assert event.user == user


def test_wagtail_account_password_panel_refuses_reuse_and_restarts_the_clock(rf):
    user = UserFactory()
    password_age(user, 100)
    panel_form = ChangePasswordPanel(rf.get("/"), user, None).form_class

    def submit(new):
        data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
        return panel_form(user, data)

    reuse = submit(PASSWORD)
    assert not reuse.is_valid()
    assert passwords.REUSED.format(count=5) in reuse.errors["new_password2"]
    fresh = submit(NEW_PASSWORD)
    assert fresh.is_valid(), fresh.errors
    fresh.save()
    assert passwords.password_status_for(record=record(user)).code == passwords.OK


def test_demo_accounts_marked_chosen_sign_straight_in():
    user = UserFactory()
    passwords.password_require_change(user=user)
    password_age(user, 365)
    passwords.password_mark_chosen(user)
    assert passwords.password_status_for(record=record(user)).code == passwords.OK
