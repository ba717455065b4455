"""Keyed seals of hash chains (the release log, the security events).

A seal is HMAC-SM3 (or HMAC-SHA-256 under "intl") over the canonical JSON of an entry, which
names the previous entry's seal, the algorithm and the key version. Without the key nobody can
recompute it, so a rewrite made with the database's own tools no longer verifies. Entries made
before keys existed carry ``sha256``, the plain hash they always had, and stay verifiable.
"""

import hmac as constant_time
import json

from cms.core.crypto.current import current_version, provider, subkey
from cms.core.crypto.provider import BY_MAC, INTL, provider_named

LEGACY = "sha256"
GENESIS = "0" * 64
SEAL_PURPOSE = "seal"
FINGERPRINT_CHARS = 4
UNKNOWN_ALGORITHM = "unknown seal algorithm {algorithm!r}"


def canonical(value) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()


def plain_hash(value) -> str:
    """The unkeyed SHA-256 of the chains before issue 15 (and of archived content)."""
    return provider_named(INTL).digest(canonical(value)).hex()


def seal_scheme(*, last_version: int | None = None) -> tuple[str, int]:
    """The algorithm and key version new entries are sealed with, after an entry sealed with
    ``last_version`` (a process that has not seen a rotation yet loads the ring again)."""
    return provider().mac_name, current_version(at_least=last_version)


def seal_compute(values: dict, *, algorithm: str, key_version: int | None) -> str:
    if algorithm == LEGACY:
        return plain_hash(values)
    if algorithm not in BY_MAC:
        raise ValueError(UNKNOWN_ALGORITHM.format(algorithm=algorithm))
    chosen = BY_MAC[algorithm]
    payload = {**values, "seal_algorithm": algorithm, "seal_key_version": key_version}
    return chosen.mac(subkey(chosen, SEAL_PURPOSE, key_version), canonical(payload)).hex()


def seal_matches(values: dict, seal: str, *, algorithm: str, key_version: int | None) -> bool:
    expected = seal_compute(values, algorithm=algorithm, key_version=key_version)
    return constant_time.compare_digest(expected, seal)


def fingerprints(values: dict, *, key_version: int) -> dict[str, str]:
    """A few keyed hex characters per field, kept in the anchors: when an anchored entry was
    rewritten they name the fields that differ, without putting their content in the anchor."""
    chosen = provider()
    key = subkey(chosen, "fingerprint", key_version)
    return {
        name: chosen.mac(key, canonical([name, value])).hex()[:FINGERPRINT_CHARS]
        for name, value in values.items()
    }
