"""The two providers: 国密 ("sm", GB/T 32905 SM3, GB/T 32907 SM4) and international ("intl").

Pure functions over bytes on top of the ``cryptography`` package (OpenSSL), no Django: the
standards' test vectors run against exactly this code (tests/cms/core/crypto/test_vectors.py).
https://cryptography.io/en/latest/hazmat/primitives/cryptographic-hashes/#cryptography.hazmat.primitives.hashes.SM3
"""

import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

SM, INTL = "sm", "intl"
NONCE_BYTES = 12  # 96-bit GCM nonces, random for each encryption (NIST SP 800-38D, 8.2.2)
TAG_BYTES = 16
UNKNOWN_PROVIDER = "Unknown crypto provider {name!r}: use 'sm' or 'intl'."


class DecryptionFailed(Exception):
    """The ciphertext was altered, or was made under another key or for another place."""


@dataclass(frozen=True)
class Provider:
    name: str
    hash_name: str  # "sm3" or "sha256"
    cipher_name: str  # "sm4gcm" or "aesgcm", the prefix of stored ciphertext
    key_bytes: int  # of the block cipher: SM4 has 128-bit keys only; AES-256 here

    @property
    def mac_name(self) -> str:
        return f"hmac-{self.hash_name}"

    def hash_algorithm(self) -> hashes.HashAlgorithm:
        return hashes.SM3() if self.hash_name == "sm3" else hashes.SHA256()

    def digest(self, data: bytes) -> bytes:
        hasher = hashes.Hash(self.hash_algorithm())
        hasher.update(data)
        return hasher.finalize()

    def mac(self, key: bytes, data: bytes) -> bytes:
        signer = hmac.HMAC(key, self.hash_algorithm())
        signer.update(data)
        return signer.finalize()

    def derive(self, master: bytes, purpose: str, length: int = 32) -> bytes:
        """A sub-key of ``master`` for one purpose (seals, fields, anchors...), so that no key
        serves two purposes; HMAC as a PRF, as in HKDF-Expand's first block (RFC 5869)."""
        return self.mac(master, f"xiuying/{purpose}".encode() + b"\x01")[:length]

    def pbkdf2(self, password: bytes, salt: bytes, iterations: int, length: int = 32) -> bytes:
        kdf = PBKDF2HMAC(self.hash_algorithm(), length, salt, iterations)
        return kdf.derive(password)

    def block_encrypt(self, key: bytes, block: bytes) -> bytes:
        """One block in ECB: the primitive the standards' vectors are given for."""
        encryptor = self._cipher(key, modes.ECB()).encryptor()  # noqa: S305 - one block
        return encryptor.update(block) + encryptor.finalize()

    def _cipher(self, key: bytes, mode):
        block = algorithms.SM4(key) if self.cipher_name == "sm4gcm" else algorithms.AES(key)
        return Cipher(block, mode)

    def encrypt(self, key: bytes, plaintext: bytes, aad: bytes = b"", *, nonce=None) -> bytes:
        """nonce | ciphertext | tag, authenticated with ``aad`` (where the value belongs). A
        given ``nonce`` is for the standards' test vectors only: a nonce must never repeat."""
        nonce = nonce or os.urandom(NONCE_BYTES)
        encryptor = self._cipher(key, modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        body = encryptor.update(plaintext) + encryptor.finalize()
        return nonce + body + encryptor.tag

    def decrypt(self, key: bytes, sealed: bytes, aad: bytes = b"") -> bytes:
        if len(sealed) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionFailed("ciphertext too short")
        nonce, body, tag = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES], sealed[-TAG_BYTES:]
        decryptor = self._cipher(key, modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(aad)
        try:
            return decryptor.update(body) + decryptor.finalize()
        except InvalidTag as error:
            raise DecryptionFailed("authentication tag does not match") from error


PROVIDERS = {
    SM: Provider(SM, "sm3", "sm4gcm", 16),
    INTL: Provider(INTL, "sha256", "aesgcm", 32),
}
BY_MAC = {p.mac_name: p for p in PROVIDERS.values()}
BY_CIPHER = {p.cipher_name: p for p in PROVIDERS.values()}


@cache
def provider_named(name: str) -> Provider:
    try:
        return PROVIDERS[name]
    except KeyError:
        raise ValueError(UNKNOWN_PROVIDER.format(name=name)) from None
