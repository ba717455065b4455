"""Keyed seals on the release log (issue 15, R-11): HMAC with a key outside the database, a
switch-over entry after the plain SHA-256 entries of before, and key rotation that rewrites
nothing."""

import io
import json

import pytest
from django.core.management import call_command

from cms.core.crypto import keys, seals
from tests.workflows.chain import released
from tests.workflows.test_release_log import tamper
from workflows import release_log
from workflows.models import ReleaseLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_keys(settings, tmp_path):
    """A key ring of this test's own, so that rotating it leaves the others' alone."""
    settings.XIUYING = {**settings.XIUYING, "KEY_FILE": str(tmp_path / "keys.json")}
    keys.keyring_reset()
    yield tmp_path / "keys.json"
    keys.keyring_reset()


def legacy_entry(sequence: int, previous: str) -> ReleaseLogEntry:
    """An entry as the log wrote them before issue 15: plain SHA-256, no key."""
    entry = ReleaseLogEntry(
        sequence=sequence,
        kind="release",
        recorded_at=release_log.timezone.now().replace(microsecond=0),
        actor_name="旧日志",
        article_page_id=1000 + sequence,
        article_title=f"旧条目{sequence}",
        column_title="要闻",
        content_sha256=release_log.sha256({}),
        approved_content={},
        previous_sha256=previous,
        seal_algorithm="sha256",
    )
    entry.entry_sha256 = seals.plain_hash(release_log.entry_values(entry))
    entry.save(force_insert=True)
    return entry


def test_new_entries_are_sealed_with_hmac_sm3_and_the_current_key(chain, own_keys):
    released(chain, "第一条")
    entry = ReleaseLogEntry.objects.get(sequence=1)
    assert (entry.seal_algorithm, entry.seal_key_version) == ("hmac-sm3", 1)
    assert entry.entry_sha256 != seals.plain_hash(release_log.entry_values(entry))
    assert release_log.verify_chain() == []


def test_the_seal_cannot_be_recomputed_without_the_key(chain, own_keys):
    released(chain, "第一条")
    own_keys.write_text(keys.ring_dump({1: b"\x01" * 32}))  # another key of the same version
    keys.keyring_reset()
    assert any("内容与封印不符" in p for p in release_log.verify_chain())


def test_sha256_entries_stay_verifiable_and_a_switch_over_entry_precedes_the_first_sealed(
    chain, own_keys
):
    first = legacy_entry(1, release_log.GENESIS)
    legacy_entry(2, first.entry_sha256)

    released(chain, "新条目")

    entries = list(ReleaseLogEntry.objects.order_by("sequence"))
    assert [e.seal_algorithm for e in entries] == ["sha256", "sha256", "hmac-sm3", "hmac-sm3"]
    switch = entries[2]
    assert switch.kind == ReleaseLogEntry.Kind.SEAL_SWITCH
    assert switch.approved_content == {
        "from": {"algorithm": "sha256", "key_version": None},
        "to": {"algorithm": "hmac-sm3", "key_version": 1},
    }
    assert switch.previous_sha256 == entries[1].entry_sha256
    assert release_log.verify_chain() == []


def test_rotation_starts_a_new_version_without_rewriting_history(chain, own_keys):
    released(chain, "轮换前")
    before = {e.sequence: e.entry_sha256 for e in ReleaseLogEntry.objects.all()}

    call_command("rotate_seal_key", stdout=io.StringIO())
    released(chain, "轮换后")

    entries = list(ReleaseLogEntry.objects.order_by("sequence"))
    assert [(e.kind, e.seal_key_version) for e in entries] == [
        ("release", 1),
        ("seal_switch", 2),
        ("release", 2),
    ]
    assert {e.sequence: e.entry_sha256 for e in entries if e.sequence in before} == before
    assert sorted(json.loads(own_keys.read_text())) == ["1", "2"]
    assert release_log.verify_chain() == []


def test_a_process_that_missed_the_rotation_follows_it(chain, own_keys):
    released(chain, "轮换前")
    backend = keys.FileBackend(str(own_keys), create=False)
    ring_1 = backend.load()
    ring_2 = keys.ring_with_new_version(ring_1)
    backend.store(ring_2)  # another process rotates and records the switch-over
    keys.keyring_reset()
    release_log.seal_switch_record()
    backend.store(ring_1)  # this process still holds the ring of before
    keys.keyring_reset()
    keys.keyring()
    backend.store(ring_2)

    released(chain, "之后")

    entries = ReleaseLogEntry.objects.order_by("sequence")
    assert [(e.kind, e.seal_key_version) for e in entries] == [
        ("release", 1),
        ("seal_switch", 2),
        ("release", 2),
    ]
    assert release_log.verify_chain() == []


def test_a_forged_downgrade_to_plain_sha256_is_named(chain, own_keys):
    released(chain, "第一条")
    released(chain, "第二条")
    second = ReleaseLogEntry.objects.get(sequence=2)
    forged = seals.plain_hash(release_log.entry_values(second))

    sql = "UPDATE workflows_releaselogentry SET seal_algorithm = 'sha256', seal_key_version = NULL"
    tamper(f"{sql}, entry_sha256 = '{forged}' WHERE sequence = 2")  # noqa: S608 - a hex digest
    problems = release_log.verify_chain()
    assert any("第2条" in p and "未加密钥的哈希" in p for p in problems)
