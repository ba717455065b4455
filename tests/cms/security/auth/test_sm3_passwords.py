"""PBKDF2-HMAC-SM3 passwords under the "sm" provider (issue 15, 密评): an older hash is
upgraded at the next sign-in, and the password history (R-16) still refuses a reused one."""

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from cms.security.models import PasswordRecord, SecurityEvent
from tests.cms.security.auth.conftest import sign_in
from tests.factories.users import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SM3_FIRST = [
    "cms.core.crypto.hashers.PBKDF2SM3PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


@pytest.fixture
def sm3_first(settings):
    settings.PASSWORD_HASHERS = SM3_FIRST
    return settings


def test_a_new_password_is_pbkdf2_sm3_and_checks(sm3_first):
    encoded = make_password("Xiuying#2027Pass")
    assert encoded.startswith("pbkdf2_sm3$300000$")
    assert check_password("Xiuying#2027Pass", encoded)
    assert not check_password("Xiuying#2027Pasz", encoded)


def test_the_sm3_hash_is_pbkdf2_over_sm3_not_sha256(sm3_first):
    from cms.core.crypto.hashers import PBKDF2SM3PasswordHasher

    sm3 = PBKDF2SM3PasswordHasher().encode("secret", "saltsaltsalt", iterations=2)
    sha = make_password("secret", "saltsaltsalt", hasher="pbkdf2_sha256")
    assert sm3.split("$")[3] != sha.split("$")[3]
    assert sm3 == "pbkdf2_sm3$2$saltsaltsalt$" + sm3.split("$")[3]


def test_an_older_hash_is_upgraded_at_sign_in_without_restarting_the_password_clock(
    sm3_first, client
):
    user = UserFactory(username="upgrade_me")
    user.password = make_password(PASSWORD, hasher="md5")
    user.save(update_fields=["password"])
    changed_at = PasswordRecord.objects.get(user=user).changed_at

    sign_in(client, "upgrade_me")

    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sm3$")
    assert PasswordRecord.objects.get(user=user).changed_at == changed_at
    assert not SecurityEvent.objects.filter(kind="password_changed", user=user).exists()


def test_the_history_still_refuses_a_password_hashed_before_the_upgrade(sm3_first, client):
    user = UserFactory(username="history_kept")
    old_hash = make_password(PASSWORD, hasher="md5")
    user.password = old_hash
    user.save(update_fields=["password"])
    PasswordRecord.objects.filter(user=user).update(history=[old_hash])
    sign_in(client, "history_kept")
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sm3$")

    with pytest.raises(ValidationError) as refused:
        validate_password(PASSWORD, user)
    assert "password_reused" in {e.code for e in refused.value.error_list}
