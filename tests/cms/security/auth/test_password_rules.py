"""The password rules of R-16 as pure functions: no database."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from cms.security import passwords
from cms.security.passwords import (
    CharacterClassesValidator,
    character_classes,
    history_push,
    password_reused,
    password_status,
)

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def status(days_ago: float, *, must_change=False, max_age_days=90):
    return password_status(
        changed_at=NOW - timedelta(days=days_ago),
        must_change=must_change,
        now=NOW,
        max_age_days=max_age_days,
        warning_days=14,
    )


@pytest.mark.parametrize(
    ("password", "classes"),
    [
        ("abcdefghijkl", 1),
        ("abcdefGHIJKL", 2),
        ("abcdefGHIJ12", 3),
        ("abcDEF123#$%", 4),
        ("党建abc123def", 3),  # Chinese characters count as "other"
    ],
)
def test_character_classes_are_counted(password, classes):
    assert character_classes(password) == classes


def test_two_character_classes_are_refused_three_accepted():
    validator = CharacterClassesValidator()
    with pytest.raises(ValidationError) as refused:
        validator.validate("xiuyingdangjian2026")
    assert refused.value.messages == [passwords.TOO_FEW_CLASSES.format(count=3)]
    validator.validate("Xiuyingdangjian2026")


def test_password_is_fine_until_the_warning_window():
    assert status(days_ago=75.5) == passwords.PasswordStatus(passwords.OK, 15)


def test_warning_starts_fourteen_days_before_expiry():
    assert status(days_ago=76) == passwords.PasswordStatus(passwords.WARN, 14)
    assert status(days_ago=89.9) == passwords.PasswordStatus(passwords.WARN, 1)


def test_password_expires_after_ninety_days():
    assert status(days_ago=90).code == passwords.EXPIRED
    assert status(days_ago=400).blocks


def test_forced_change_outranks_a_fresh_clock():
    assert status(days_ago=0, must_change=True).code == passwords.MUST_CHANGE


def test_zero_max_age_turns_expiry_off():
    assert status(days_ago=4000, max_age_days=0).code == passwords.OK


def test_history_keeps_the_newest_hashes_without_duplicates():
    history = ["h4", "h3", "h2", "h1"]
    assert history_push(history, "h5", keep=5) == ["h5", "h4", "h3", "h2", "h1"]
    assert history_push(["h5", *history], "h6", keep=5) == ["h6", "h5", "h4", "h3", "h2"]
    assert history_push(["h2", "h1"], "h1", keep=5) == ["h1", "h2"]


def test_reuse_is_found_among_stored_hashes():
    hashes = [make_password("Old#Password2024"), make_password("Older#Password2023")]
    assert password_reused("Older#Password2023", hashes)
    assert not password_reused("Brand#NewPassword2026", hashes)
