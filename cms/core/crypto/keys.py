"""Versioned keys, kept outside the database (GB/T 39786-2021: keys are never stored in plain
configuration beside the data they protect).

A key ring is ``{"1": "<base64 of 32 random bytes>", "2": ...}``: the highest version seals
and encrypts, every version still opens what it made. A backend loads it:

- ``file``: a JSON file of its own (mode 0600, never in the repository or the backups); in
  development it is created on first use;
- ``env``: the ``XIUYING_KEYS`` environment variable holds the JSON;
- ``command``: a program prints the JSON, for a KMS or HSM (README, "密评与防篡改", shows Alibaba
  Cloud KMS's secrets manager); ``KEY_ROTATE_COMMAND`` receives the new ring on its stdin.

Sub-keys per purpose are derived from a version's master key (``Provider.derive``).
"""

import base64
import json
import os
import secrets
import shlex
import subprocess  # noqa: S404 - a fixed argument list from settings, no shell
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from cms.core.conf import get_setting

MASTER_KEY_BYTES = 32
NO_KEYS = "No keys: the key backend {backend!r} gave an empty key ring (README, 密评与防篡改)."
UNKNOWN_VERSION = "Key version {version} is not in the key ring."
NOT_ROTATABLE = "The {backend!r} key backend cannot add a version: add it in the KMS."
UNKNOWN_BACKEND = "Unknown KEY_BACKEND {backend!r}: use 'file', 'env' or 'command'."


class KeyRotationUnsupported(Exception):
    pass


@dataclass(frozen=True)
class KeyRing:
    keys: dict[int, bytes]

    @property
    def current_version(self) -> int:
        return max(self.keys)

    def master(self, version: int) -> bytes:
        try:
            return self.keys[version]
        except KeyError:
            raise ImproperlyConfigured(UNKNOWN_VERSION.format(version=version)) from None


def ring_parse(text: str) -> dict[int, bytes]:
    return {int(version): base64.b64decode(value) for version, value in json.loads(text).items()}


def ring_dump(keys: dict[int, bytes]) -> str:
    return json.dumps({str(v): base64.b64encode(k).decode() for v, k in sorted(keys.items())})


def ring_with_new_version(keys: dict[int, bytes]) -> dict[int, bytes]:
    return {**keys, max(keys, default=0) + 1: secrets.token_bytes(MASTER_KEY_BYTES)}


class FileBackend:
    name = "file"

    def __init__(self, path: str, *, create: bool):
        self.named, self.path, self.create = bool(path), Path(path), create

    def load(self) -> dict[int, bytes]:
        if not self.named:
            return {}
        if not self.path.exists() and self.create:
            self.store(ring_with_new_version({}))
        return ring_parse(self.path.read_text()) if self.path.is_file() else {}

    def store(self, keys: dict[int, bytes]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".new")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(ring_dump(keys))
        temporary.replace(self.path)


class EnvBackend:
    name = "env"

    def load(self) -> dict[int, bytes]:
        text = os.environ.get("XIUYING_KEYS", "")
        return ring_parse(text) if text else {}

    def store(self, keys: dict[int, bytes]) -> None:
        raise KeyRotationUnsupported(NOT_ROTATABLE.format(backend=self.name))


class CommandBackend:
    """The KMS/HSM interface: two commands the deployment supplies."""

    name = "command"

    def __init__(self, command: str, rotate_command: str = ""):
        self.command, self.rotate_command = command, rotate_command

    def load(self) -> dict[int, bytes]:
        result = subprocess.run(  # noqa: S603
            shlex.split(self.command), capture_output=True, text=True, check=True, timeout=30
        )
        return ring_parse(result.stdout)

    def store(self, keys: dict[int, bytes]) -> None:
        if not self.rotate_command:
            raise KeyRotationUnsupported(NOT_ROTATABLE.format(backend=self.name))
        subprocess.run(  # noqa: S603
            shlex.split(self.rotate_command),
            input=ring_dump(keys),
            text=True,
            check=True,
            timeout=30,
        )


def key_backend():
    name = get_setting("KEY_BACKEND")
    if name == "file":
        return FileBackend(get_setting("KEY_FILE"), create=get_setting("KEY_FILE_CREATE"))
    if name == "env":
        return EnvBackend()
    if name == "command":
        return CommandBackend(get_setting("KEY_COMMAND"), get_setting("KEY_ROTATE_COMMAND"))
    raise ImproperlyConfigured(UNKNOWN_BACKEND.format(backend=name))


@cache
def keyring() -> KeyRing:
    """The process's key ring, loaded once (a KMS is asked at start, not per request)."""
    backend = key_backend()
    keys = backend.load()
    if not keys:
        raise ImproperlyConfigured(NO_KEYS.format(backend=backend.name))
    return KeyRing(keys)


def keyring_reset() -> None:
    keyring.cache_clear()


def keyring_at_least(version: int | None) -> KeyRing:
    """The key ring, loaded again once if it lacks ``version``: another process rotated."""
    ring = keyring()
    if version is not None and version not in ring.keys:
        keyring_reset()
        ring = keyring()
    return ring


def key_version_add() -> int:
    """A new master key version (``manage.py rotate_seal_key``); the older ones stay."""
    backend = key_backend()
    keys = ring_with_new_version(backend.load())
    backend.store(keys)
    keyring_reset()
    return max(keys)
