"""Near-duplicate items: SimHash over jieba tokens of the title and the first paragraphs.

A 64-bit SimHash (Charikar 2002) of the word unigrams and bigrams, each weighted by its count;
two items are likely duplicates when their fingerprints differ in at most
``DUPLICATE_MAX_DISTANCE`` bits (measured on a labelled set: scripts/bench_duplicates.py).
A fingerprint is a plain int, cheap to store and to compare with thousands of others.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

BITS = 64
DUPLICATE_MAX_DISTANCE = 16  # bits; measured: scripts/bench_duplicates.py, README
LEADING_CHARS = 600  # title + first paragraphs compared
_WORD = re.compile(r"[\w]", re.UNICODE)


def tokens(text: str) -> list[str]:
    """jieba's words of ``text``, without punctuation and spaces."""
    import jieba  # heavy dictionary load: only where duplicates are looked for

    return [word for word in jieba.lcut(text) if _WORD.search(word)]


def features(words: Sequence[str]) -> Counter[str]:
    grams = Counter(words)
    grams.update(f"{a}\x1f{b}" for a, b in zip(words, words[1:], strict=False))
    return grams


def _hash(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")


def simhash(weighted: Counter[str] | Iterable[str]) -> int:
    counts = weighted if isinstance(weighted, Counter) else Counter(weighted)
    totals = [0] * BITS
    for feature, weight in counts.items():
        value = _hash(feature)
        for bit in range(BITS):
            totals[bit] += weight if value >> bit & 1 else -weight
    return sum(1 << bit for bit, total in enumerate(totals) if total > 0)


def fingerprint(title: str, text: str) -> int:
    """The fingerprint of an item from its title and the start of its body."""
    return simhash(features(tokens(f"{title}\n{text[:LEADING_CHARS]}")))


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def likely_duplicate(a: int, b: int, max_distance: int = DUPLICATE_MAX_DISTANCE) -> bool:
    return distance(a, b) <= max_distance


def similarity(a: int, b: int) -> float:
    """1.0 for equal fingerprints, about 0.5 for unrelated texts."""
    return 1 - distance(a, b) / BITS
