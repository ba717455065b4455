"""Precision and recall of near-duplicate detection on the labelled set (not a test).

The set (tests/cms/screening/engine/duplicates_corpus.py): 12 fictitious items, 3 edited copies
of each (36 duplicate pairs) and every pair of distinct items (66 non-duplicate pairs, several
sharing a template). Prints the Hamming distances and, per threshold, precision and recall.

    .venv/bin/python scripts/bench_duplicates.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cms.screening.engine.similarity import (  # noqa: E402
    DUPLICATE_MAX_DISTANCE,
    distance,
    fingerprint,
)
from tests.cms.screening.engine.duplicates_corpus import labelled_pairs  # noqa: E402


def scores(pairs, threshold: int) -> tuple[float, float]:
    found = [(d <= threshold, dup) for d, dup in pairs]
    true_positive = sum(1 for said, dup in found if said and dup)
    said = sum(1 for s, _ in found if s)
    actual = sum(1 for _, dup in found if dup)
    return (true_positive / said if said else 1.0, true_positive / actual)


def main() -> None:
    labelled = labelled_pairs()
    fingerprint("预热", "jieba")  # load the dictionary before timing
    started = time.perf_counter()
    pairs = [(distance(fingerprint(*a), fingerprint(*b)), dup) for a, b, dup in labelled]
    elapsed = time.perf_counter() - started
    duplicates = sorted(d for d, dup in pairs if dup)
    others = sorted(d for d, dup in pairs if not dup)
    print(f"pairs: {len(duplicates)} duplicates, {len(others)} distinct")
    print(f"distance of duplicates: {duplicates}")
    print(f"distance of distinct items, lowest ten: {others[:10]}")
    print(f"fingerprints: {elapsed / (2 * len(pairs)) * 1e3:.2f} ms per item")
    for threshold in (8, 12, 14, 16, 18, 20):
        precision, recall = scores(pairs, threshold)
        mark = "  <- default" if threshold == DUPLICATE_MAX_DISTANCE else ""
        print(f"threshold {threshold:2d}: precision {precision:.2f}, recall {recall:.2f}{mark}")


if __name__ == "__main__":
    main()
