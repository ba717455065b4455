"""TOTP secrets become SM4-GCM ciphertext in django-otp's table, existing devices included
(issue 15; cms/security/totp_keys.py)."""

from django.db import migrations

from cms.core.crypto.fields import is_ciphertext
from cms.security.totp_keys import totp_key_open, totp_key_seal

SELECT = "SELECT id, key FROM otp_totp_totpdevice"
UPDATE = "UPDATE otp_totp_totpdevice SET key = %s WHERE id = %s"


def _rewrite(schema_editor, change):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SELECT)
        rows = cursor.fetchall()
        for pk, key in rows:
            new = change(key)
            if new != key:
                cursor.execute(UPDATE, [new, pk])


def encrypt(apps, schema_editor):
    _rewrite(schema_editor, lambda key: key if is_ciphertext(key) else totp_key_seal(key))


def decrypt(apps, schema_editor):
    _rewrite(schema_editor, lambda key: totp_key_open(key).hex() if is_ciphertext(key) else key)


class Migration(migrations.Migration):

    dependencies = [
        ('cms_security', '0002_security_event_seals'),
        ('otp_totp', '0003_add_timestamps'),
    ]

    operations = [
        migrations.CreateModel(
            name='SealedTOTPDevice',
            fields=[
            ],
            options={
                'verbose_name': '动态口令验证器',
                'verbose_name_plural': '动态口令验证器',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('otp_totp.totpdevice',),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
