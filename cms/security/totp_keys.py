"""TOTP secrets at rest (issue 15, 密评: keys of the sign-in's cryptography are protected).

django-otp keeps ``TOTPDevice.key`` as hex in plain text. The project's devices are
``SealedTOTPDevice``, a proxy of django-otp's model: the same table and the same verification
code (drift, throttling, replay), with the column holding the SM4-GCM ciphertext of the raw
secret (``sm4gcm:1:...``, 73 characters for a 160-bit secret: within the column's 80). A proxy
rather than a model of our own keeps django-otp's verification untouched and its device
discovery unchanged (it skips proxies, so devices are not listed twice); a ciphertext given to
django-otp's own class fails closed (it is not hex).
"""

from binascii import unhexlify

from cms.core.crypto.fields import decrypt_bytes, encrypt_bytes, is_ciphertext

PURPOSE = "otp_totp.totpdevice.key"


def totp_key_seal(hex_key: str) -> str:
    return encrypt_bytes(unhexlify(hex_key.encode()), purpose=PURPOSE)


def totp_key_open(stored: str) -> bytes:
    """The raw secret; a row not yet encrypted (made around this class) is read as hex."""
    if is_ciphertext(stored):
        return decrypt_bytes(stored, purpose=PURPOSE)
    return unhexlify(stored.encode())


def stored_key(key: str) -> str:
    return key if is_ciphertext(key) else totp_key_seal(key)
