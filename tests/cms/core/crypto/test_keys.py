"""Versioned keys kept outside the database (issue 15): a key file, the environment, or a KMS
behind two commands; rotation adds a version and every older one still opens what it made."""

import io
import json
import shlex
import stat
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from cms.core.crypto import keys
from cms.core.crypto.fields import decrypt_text, encrypt_text

RING = {1: b"\x11" * 32, 2: b"\x22" * 32}


@pytest.fixture
def key_settings(settings):
    def use(**options):
        settings.XIUYING = {**settings.XIUYING, **options}
        keys.keyring_reset()

    yield use
    keys.keyring_reset()


def test_a_development_key_file_is_made_on_first_use_readable_by_its_owner_only(
    key_settings, tmp_path
):
    path = tmp_path / "var" / "keys.json"
    key_settings(KEY_BACKEND="file", KEY_FILE=str(path), KEY_FILE_CREATE=True)
    ring = keys.keyring()
    assert ring.current_version == 1 and len(ring.master(1)) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_without_keys_nothing_is_sealed_or_encrypted(key_settings, tmp_path):
    key_settings(KEY_BACKEND="file", KEY_FILE=str(tmp_path / "absent.json"), KEY_FILE_CREATE=False)
    with pytest.raises(ImproperlyConfigured, match="No keys"):
        encrypt_text("13907561234", purpose="test")


def test_the_environment_backend_reads_the_ring_and_cannot_rotate(key_settings, monkeypatch, db):
    monkeypatch.setenv("XIUYING_KEYS", keys.ring_dump(RING))
    key_settings(KEY_BACKEND="env")
    assert keys.keyring().current_version == 2
    assert encrypt_text("x", purpose="t").startswith("sm4gcm:2:")
    with pytest.raises(CommandError, match="cannot add a version"):
        call_command("rotate_seal_key", stdout=io.StringIO())


def test_a_kms_behind_two_commands_gives_the_ring_and_stores_a_rotated_one(
    key_settings, tmp_path, db
):
    store = tmp_path / "kms.json"
    store.write_text(keys.ring_dump({1: RING[1]}))
    python = shlex.quote(sys.executable)
    read = f"{python} -c 'import sys; sys.stdout.write(open(sys.argv[1]).read())' {store}"
    write = f"{python} -c 'import sys; open(sys.argv[1], \"w\").write(sys.stdin.read())' {store}"
    key_settings(KEY_BACKEND="command", KEY_COMMAND=read, KEY_ROTATE_COMMAND=write)
    old = encrypt_text("13907561234", purpose="t")

    call_command("rotate_seal_key", stdout=io.StringIO())

    assert sorted(json.loads(store.read_text())) == ["1", "2"]
    assert keys.keyring().current_version == 2
    assert decrypt_text(old, purpose="t") == "13907561234"
    assert encrypt_text("13907561234", purpose="t").startswith("sm4gcm:2:")


def test_the_international_provider_encrypts_with_aes_gcm(key_settings, tmp_path):
    key_settings(CRYPTO="intl", KEY_FILE=str(tmp_path / "k.json"), KEY_FILE_CREATE=True)
    token = encrypt_text("13907561234", purpose="t")
    assert token.startswith("aesgcm:1:")
    key_settings(CRYPTO="sm")  # ciphertext names its cipher: it opens under either setting
    assert decrypt_text(token, purpose="t") == "13907561234"
