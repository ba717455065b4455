"""Personal data encrypted at rest (SM4-GCM under "sm", AES-256-GCM under "intl").

The column holds ``sm4gcm:<key version>:<base64url(nonce | ciphertext | tag)>``; the field's
``purpose`` is authenticated with it, so a ciphertext copied into another column does not open.
Encryption is randomised: equal phone numbers give different ciphertexts and the column cannot
be searched (nothing in the project searches by phone, so there is no blind index). The value is
ciphertext wherever it leaves the model: the database, revisions (``value_to_string``), fixtures
and backups.
"""

import base64
import logging
import re

from django import forms
from django.db import models

from cms.core.crypto.current import current_version, provider, subkey
from cms.core.crypto.provider import BY_CIPHER, DecryptionFailed

logger = logging.getLogger(__name__)
FIELD_PURPOSE = "fields"
TOKEN = re.compile(r"^(?P<cipher>sm4gcm|aesgcm):(?P<version>\d+):(?P<body>[A-Za-z0-9_-]+)$")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt_bytes(data: bytes, *, purpose: str) -> str:
    chosen, version = provider(), current_version()
    key = subkey(chosen, FIELD_PURPOSE, version)
    body = chosen.encrypt(key, data, purpose.encode())
    return f"{chosen.cipher_name}:{version}:{_b64(body)}"


def decrypt_bytes(token: str, *, purpose: str) -> bytes:
    match = TOKEN.match(token)
    if match is None:
        raise DecryptionFailed("not a ciphertext of this project")
    chosen, version = BY_CIPHER[match["cipher"]], int(match["version"])
    key = subkey(chosen, FIELD_PURPOSE, version)
    return chosen.decrypt(key, _unb64(match["body"]), purpose.encode())


def is_ciphertext(value) -> bool:
    return isinstance(value, str) and TOKEN.match(value) is not None


def opened(value, *, purpose: str):
    """The plaintext of ``value`` if it is a ciphertext that opens here, else None."""
    if not is_ciphertext(value):
        return None
    try:
        return decrypt_text(value, purpose=purpose)
    except DecryptionFailed:
        return None


def encrypt_text(text: str, *, purpose: str) -> str:
    return encrypt_bytes(text.encode(), purpose=purpose)


def decrypt_text(token: str, *, purpose: str) -> str:
    return decrypt_bytes(token, purpose=purpose).decode()


class EncryptedTextField(models.TextField):
    """A short text kept as ciphertext; ``max_length`` limits the plaintext (in forms)."""

    def __init__(self, *args, purpose: str = "", **kwargs):
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "purpose": self.purpose}

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        # Plain text is what rows held before the data migration that encrypts them, or what
        # a form posts. A ciphertext that does not open (altered, or its key version gone) is
        # shown as it is, never as a server error, and logged.
        plain = opened(value, purpose=self.purpose)
        if plain is None and is_ciphertext(value):
            logger.warning("a ciphertext of %s does not open", self.purpose)
        return value if plain is None else plain

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, "") or opened(value, purpose=self.purpose) is not None:
            return value
        return encrypt_text(value, purpose=self.purpose)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})
