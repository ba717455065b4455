"""Personal data at rest (issue 15, 密评): phone numbers are SM4-GCM ciphertext in the database
(rows, and the liaisons' revisions), plaintext to the application; the data migration encrypts
rows written before it; the raw database holds no phone number."""

import pytest
from django.apps import apps
from django.core import serializers
from django.db import connection

from cms.core.crypto.fields import decrypt_text, encrypt_text, is_ciphertext
from cms.core.crypto.migration_ops import column_encrypted, revisions_encrypted
from cms.core.models import UserProfile
from liaisons.models import Liaison
from tests.factories.users import UserFactory
from tests.liaisons.factories import LiaisonFactory

pytestmark = pytest.mark.django_db

PHONE = "13907561234"
PHONE_2 = "0898-66781234"


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def everything_raw() -> str:
    """The columns that may hold a phone number, as the database administrator reads them."""
    rows = raw("SELECT phone FROM liaisons_liaison") + raw("SELECT phone FROM cms_userprofile")
    rows += raw("SELECT content FROM wagtailcore_revision")
    return repr(rows)


def test_phone_numbers_round_trip_and_the_database_holds_only_ciphertext():
    user = UserFactory(username="with_phone")
    UserProfile.objects.filter(user=user).update(phone=PHONE_2)
    liaison = LiaisonFactory(name="符海燕", phone=PHONE)
    liaison.save_revision()

    assert Liaison.objects.get(pk=liaison.pk).phone == PHONE
    assert UserProfile.objects.get(user=user).phone == PHONE_2
    assert PHONE not in everything_raw() and PHONE_2 not in everything_raw()
    [(stored,)] = raw("SELECT phone FROM liaisons_liaison WHERE id = %s", [liaison.pk])
    assert stored.startswith("sm4gcm:1:")
    assert liaison.get_latest_revision_as_object().phone == PHONE


def test_equal_numbers_give_different_ciphertexts_and_a_copy_into_another_column_does_not_open():
    one = encrypt_text(PHONE, purpose="liaisons.liaison.phone")
    assert one != encrypt_text(PHONE, purpose="liaisons.liaison.phone")
    copied = LiaisonFactory(name="甲")
    raw("UPDATE liaisons_liaison SET phone = %s WHERE id = %s", [one, copied.pk])
    profile_user = UserFactory(username="copy_target")
    raw("UPDATE cms_userprofile SET phone = %s WHERE user_id = %s", [one, profile_user.pk])

    assert Liaison.objects.get(pk=copied.pk).phone == PHONE
    # Shown as the ciphertext it is, never as the number, and never as a server error.
    assert UserProfile.objects.get(user=profile_user).phone == one


# Outside a transaction: SQLite's schema editor, which migrations run in, needs it.
@pytest.mark.django_db(transaction=True)
def test_the_data_migration_encrypts_rows_and_revisions_written_before_it():
    liaison = LiaisonFactory(name="旧数据")
    liaison.save_revision()
    raw("UPDATE liaisons_liaison SET phone = %s WHERE id = %s", [PHONE, liaison.pk])
    revision = liaison.latest_revision
    revision.content = {**revision.content, "phone": PHONE}
    type(revision).objects.filter(pk=revision.pk).update(content=revision.content)
    assert PHONE in everything_raw()

    with connection.schema_editor() as editor:
        for operation in (
            column_encrypted(app_label="liaisons", model="Liaison", field="phone"),
            revisions_encrypted(app_label="liaisons", model="Liaison", field="phone"),
        ):
            operation.code(apps, editor)

    assert PHONE not in everything_raw()
    assert Liaison.objects.get(pk=liaison.pk).phone == PHONE
    revision.refresh_from_db()
    assert decrypt_text(revision.content["phone"], purpose="liaisons.liaison.phone") == PHONE

    with connection.schema_editor() as editor:  # and back, for a migration rolled back
        column_encrypted(app_label="liaisons", model="Liaison", field="phone").reverse_code(
            apps, editor
        )
    assert raw("SELECT phone FROM liaisons_liaison WHERE id = %s", [liaison.pk]) == [(PHONE,)]


def test_fixtures_and_dumps_carry_the_ciphertext():
    LiaisonFactory(name="乙", phone=PHONE)
    dumped = serializers.serialize("json", Liaison.objects.all())
    assert PHONE not in dumped
    [restored] = serializers.deserialize("json", dumped)
    assert restored.object.phone == PHONE
    assert not is_ciphertext(restored.object.phone)
