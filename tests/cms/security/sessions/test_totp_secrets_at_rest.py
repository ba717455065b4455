"""TOTP secrets are SM4-GCM ciphertext at rest (issue 15, 密评): in django-otp's own table,
for devices enrolled from now on and, through the migration, for those enrolled before."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.security import two_factor
from cms.security.models import SealedTOTPDevice
from cms.security.totp_keys import totp_key_open
from tests.cms.security.sessions.totp import TEST_SECRET, code_from_secret
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

SECRET_HEX = two_factor.secret_hex(TEST_SECRET)


def stored_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice")
        return [key for (key,) in cursor.fetchall()]


def test_an_enrolled_secret_is_ciphertext_in_the_table_and_codes_still_verify():
    user = UserFactory(username="enrolled")
    device = two_factor.totp_enrol_with_secret(user=user, base32_secret=TEST_SECRET)

    [stored] = stored_keys()
    assert stored.startswith("sm4gcm:1:") and SECRET_HEX not in stored and len(stored) <= 80
    device = SealedTOTPDevice.objects.get(pk=device.pk)
    assert device.verify_token(code_from_secret(TEST_SECRET))
    assert two_factor.secret_base32(device) == TEST_SECRET


def test_a_pending_enrolment_is_encrypted_from_its_first_save():
    device = two_factor.totp_enrol_start(user=UserFactory(username="pending"))
    [stored] = stored_keys()
    assert stored.startswith("sm4gcm:")
    assert len(totp_key_open(stored)) == 20
    assert device.config_url.startswith("otpauth://totp/")


def test_django_otps_own_class_fails_closed_on_a_ciphertext():
    user = UserFactory(username="closed")
    two_factor.totp_enrol_with_secret(user=user, base32_secret=TEST_SECRET)
    plain_class = TOTPDevice.objects.get(user=user)
    with pytest.raises(ValueError):
        plain_class.verify_token(code_from_secret(TEST_SECRET))


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_secrets_enrolled_before_it():
    from importlib import import_module

    migration = import_module("cms.security.migrations.0003_totp_secrets_encrypted")
    TOTPDevice.objects.create(user=UserFactory(username="before"), key=SECRET_HEX, confirmed=True)
    assert stored_keys() == [SECRET_HEX]

    with connection.schema_editor() as editor:
        migration.encrypt(None, editor)
    [stored] = stored_keys()
    assert stored.startswith("sm4gcm:") and totp_key_open(stored).hex() == SECRET_HEX
    with connection.schema_editor() as editor:
        migration.decrypt(None, editor)
    assert stored_keys() == [SECRET_HEX]


def test_a_secret_too_long_for_the_encrypted_column_is_refused():
    with pytest.raises(ValidationError) as caught:
        two_factor.secret_hex("A" * 48)
    assert caught.value.messages == [two_factor.SECRET_TOO_LONG]
