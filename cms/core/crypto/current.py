"""The configured provider and the sub-keys of each key version, derived once per process."""

from functools import cache

from cms.core.conf import get_setting
from cms.core.crypto.keys import keyring_at_least
from cms.core.crypto.provider import Provider, provider_named


def provider() -> Provider:
    return provider_named(get_setting("CRYPTO"))


def current_version(*, at_least: int | None = None) -> int:
    """The version new seals and ciphertexts use; ``at_least`` is the latest version already
    used (by another process, after a rotation), which makes this one load the ring again."""
    return keyring_at_least(at_least).current_version


@cache
def _subkey(provider_name: str, purpose: str, version: int, master: bytes) -> bytes:
    chosen = provider_named(provider_name)
    return chosen.derive(master, purpose, 32 if purpose != "fields" else chosen.key_bytes)


def subkey(chosen: Provider, purpose: str, version: int) -> bytes:
    # The master is part of the cache key: a rotated or reloaded ring never meets a stale key.
    return _subkey(chosen.name, purpose, version, keyring_at_least(version).master(version))
