"""Who must use two factors and how codes and secrets are read, without a database (R-13)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from cms.security import two_factor as tf

REQUIRED = ["minister", "site_admin", "site_specialist", "superuser"]


@pytest.mark.parametrize("role", ["minister", "site_admin", "site_specialist"])
def test_minister_administrator_and_specialist_must_use_two_factors(role):
    assert tf.two_factor_required_for(
        roles=frozenset({role}), is_superuser=False, required_roles=REQUIRED
    )


@pytest.mark.parametrize("role", ["liaison", "proofreader", "unit_approver", "dept_leader"])
def test_other_roles_may_choose_two_factors(role):
    assert not tf.two_factor_required_for(
        roles=frozenset({role}), is_superuser=False, required_roles=REQUIRED
    )


def test_superusers_must_use_two_factors_whatever_their_roles():
    assert tf.two_factor_required_for(roles=frozenset(), is_superuser=True, required_roles=REQUIRED)


def test_superusers_follow_the_option_when_it_leaves_them_out():
    assert not tf.two_factor_required_for(
        roles=frozenset(), is_superuser=True, required_roles=["minister"]
    )


def test_an_enrolled_account_goes_to_the_code_page_required_or_not():
    assert tf.gate_step(enrolled=True, required=False) == tf.VERIFY
    assert tf.gate_step(enrolled=True, required=True) == tf.VERIFY


def test_a_required_account_without_an_authenticator_goes_to_enrolment():
    assert tf.gate_step(enrolled=False, required=True) == tf.ENROL


def test_an_optional_account_without_an_authenticator_goes_on():
    assert tf.gate_step(enrolled=False, required=False) is None


def test_a_base32_secret_becomes_the_hex_key_django_otp_stores():
    assert tf.secret_hex("JBSW Y3DP EHPK 3PXP") == b"Hello!\xde\xad\xbe\xef".hex()


@pytest.mark.parametrize("secret", ["SHORT", "JBSWY3DPEHPK3PX!", "1111111111111111"])
def test_a_secret_that_is_not_base32_of_16_characters_is_refused(secret):
    with pytest.raises(ValidationError) as caught:
        tf.secret_hex(secret)
    assert caught.value.messages == [tf.SECRET_INVALID]


def test_six_digits_are_an_authenticator_code_and_the_rest_a_recovery_code():
    assert tf.code_kind(" 123 456 ") == tf.TOTP
    assert tf.code_kind("ab3d-ef7h") == tf.RECOVERY
    assert tf.code_kind("1234567") == tf.RECOVERY


def test_the_throttle_wait_rounds_up_to_whole_seconds():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert tf.throttle_seconds(now + timedelta(seconds=3.2), now) == 4
    assert tf.throttle_seconds(None, now) == 1
