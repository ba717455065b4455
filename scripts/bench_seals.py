"""Benchmark (issue 15): seals per second with each provider, encrypted fields, PBKDF2 rounds,
one approval action with its seals (queries and time), and the release log at 100,000 entries:
sealing, verifying, exporting and anchoring it. On a throwaway test database.

Run: .venv/bin/python scripts/bench_seals.py (SQLite), or with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres; BENCH_LOG_ENTRIES sets the log size
(100000) and BENCH_ITEMS the approval actions (20).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

LOG_ENTRIES = int(os.environ.get("BENCH_LOG_ENTRIES", "100000"))
ITEMS = int(os.environ.get("BENCH_ITEMS", "20"))
SEALS = 20_000


def per_second(function, count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        function()
    return count / (time.perf_counter() - start)


def sample_values() -> dict:
    return {
        "sequence": 12345,
        "kind": "release",
        "recorded_at": "2026-12-03T10:00:00+00:00",
        "actor_id": 7,
        "actor_name": "王网站管理员",
        "article_page_id": 4321,
        "article_title": "秀英区召开党建工作会议" * 2,
        "column_title": "工作动态",
        "revision_id": 98765,
        "content_sha256": "ab" * 32,
        "approved_content": {"title": "秀英区召开党建工作会议", "body": "正文" * 400},
        "approval_form_id": 555,
        "approval_form_snapshot": {"steps": [{"step": "release", "signer_name": "王"}] * 7},
        "materials": [],
        "reason": "",
        "previous_sha256": "cd" * 32,
    }


def bench_primitives() -> None:
    from cms.core.crypto import seals
    from cms.core.crypto.fields import decrypt_text, encrypt_text
    from cms.core.crypto.provider import provider_named

    values = sample_values()
    print(f"seals of one release-log entry ({len(seals.canonical(values))} bytes of JSON):")
    print(
        f"  plain SHA-256 (before)   {per_second(lambda: seals.plain_hash(values), SEALS):9.0f}/s"
    )
    for name in ("sm", "intl"):
        settings.XIUYING = {**settings.XIUYING, "CRYPTO": name}
        algorithm, version = seals.seal_scheme()
        rate = per_second(
            lambda a=algorithm, v=version: seals.seal_compute(values, algorithm=a, key_version=v),
            SEALS,
        )
        encrypted = encrypt_text("13907561234", purpose="bench")
        enc = per_second(lambda: encrypt_text("13907561234", purpose="bench"), SEALS)
        dec = per_second(lambda e=encrypted: decrypt_text(e, purpose="bench"), SEALS)
        print(f"  {algorithm:24} {rate:9.0f}/s   phone encrypt {enc:7.0f}/s  decrypt {dec:7.0f}/s")
    settings.XIUYING = {**settings.XIUYING, "CRYPTO": "sm"}
    for label, hash_name, rounds in (
        ("PBKDF2-HMAC-SM3", "sm", 300_000),
        ("PBKDF2-SHA256", "intl", 1_000_000),
    ):
        start = time.perf_counter()
        provider_named(hash_name).pbkdf2(b"Xiuying#2027Pass", b"0123456789abcdef", rounds)
        print(f"  {label} x {rounds}: {(time.perf_counter() - start) * 1000:.0f} ms per sign-in")


def bench_approval() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_approval import build_people

    from tests.workflows.chain import act, draft, submit

    people = build_people()
    figures = {"proofread_1": [], "release (publishes)": []}
    for n in range(ITEMS):
        article = submit(draft(people, people.town_liaison, title=f"封印{n}"), people.town_liaison)
        for label, user in [
            ("drafter", people.town_liaison),
            ("unit", people.unit_approver),
            ("proofread_1", people.proofreader1),
            ("proofread_2", people.proofreader2),
            ("release (publishes)", people.site_admin),
        ]:
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                act(article, user)
                elapsed = (time.perf_counter() - start) * 1000
            if label in figures:
                figures[label].append((elapsed, len(queries)))
    print(f"one approval action with sealed log and events ({ITEMS} items, {connection.vendor}):")
    for label, rows in figures.items():
        ms = [r[0] for r in rows]
        counts = sorted(r[1] for r in rows)
        print(
            f"  {label:22} median {statistics.median(ms):6.1f} ms  queries {counts[0]}–{counts[-1]}"
        )


def sealed_log(count: int) -> None:
    """``count`` entries sealed and chained as ``append`` would, inserted in batches."""
    from django.utils import timezone

    from cms.core.crypto import seals
    from workflows import release_log
    from workflows.models import ReleaseLogEntry

    last = ReleaseLogEntry.objects.order_by("-sequence").first()
    first, previous = (last.sequence + 1, last.entry_sha256) if last else (1, release_log.GENESIS)
    scheme, now, batch = seals.seal_scheme(), timezone.now(), []
    values = sample_values()
    for sequence in range(first, first + count):
        entry = ReleaseLogEntry(
            **{k: v for k, v in values.items() if k not in ("actor_id", "approval_form_id")},
        )
        entry.sequence, entry.recorded_at = sequence, now.replace(microsecond=0)
        entry.article_title = f"基准条目{sequence}"
        entry.previous_sha256 = previous
        entry.seal_algorithm, entry.seal_key_version = scheme
        entry.entry_sha256 = previous = release_log.entry_hash(entry)
        batch.append(entry)
        if len(batch) == 2000:
            ReleaseLogEntry.objects.bulk_create(batch)
            batch = []
    ReleaseLogEntry.objects.bulk_create(batch)


def timed(label: str, function):
    start = time.perf_counter()
    result = function()
    print(f"  {label:38} {time.perf_counter() - start:7.1f} s")
    return result


def bench_log() -> None:
    from workflows import anchors, release_log
    from workflows.exports import release_log_csv, release_log_in_range

    print(f"release log of {LOG_ENTRIES} entries ({connection.vendor}):")
    timed("seal, chain and insert", lambda: sealed_log(LOG_ENTRIES))
    problems = timed("verify every seal (audit_releases)", release_log.verify_chain)
    entries = release_log_in_range(date_from=None, date_to=None)
    size = timed("export as CSV", lambda: sum(len(line) for line in release_log_csv(entries)))
    with tempfile.TemporaryDirectory() as directory:
        path, _ = timed(
            "first anchor (every entry)", lambda: anchors.anchor_write(directory=Path(directory))
        )
        anchor_size = path.stat().st_size
        timed("verify against the anchor", lambda: anchors.anchor_findings(Path(directory)))
    print(f"  problems {len(problems)}; CSV {size / 1e6:.1f} MB; anchor {anchor_size / 1e6:.1f} MB")


def main():
    setup_test_environment()
    bench_primitives()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bench_approval()
        bench_log()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
