"""Benchmark of the screening engine against a naive per-term ``in`` loop (not a test).

20,000 random 2-5-character Han terms and a 5,000-character article of random Han text
with Chinese punctuation, both from a seeded RNG; three lexicon terms are planted in the
article, one with noise between its characters. The engine's time includes
normalisation (folding, noise stripping) and building the verdict.

    .venv/bin/python scripts/bench_screening.py [--terms N] [--chars N] [--backend NAME]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cms.screening.engine import Entry, EntryKind, compile_lexicon, screen  # noqa: E402

PUNCTUATION = "，。、；：！？“”（）《》"


def han(rng: random.Random, length: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length))


def make_terms(rng: random.Random, count: int) -> list[str]:
    terms: dict[str, None] = {}
    while len(terms) < count:
        terms[han(rng, rng.randint(2, 5))] = None
    return list(terms)


def make_article(rng: random.Random, terms: list[str], length: int) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < length:
        parts += [han(rng, rng.randint(6, 24)), rng.choice(PUNCTUATION)]
    planted = [terms[0], "*".join(terms[1]), terms[2]]
    for index, term in zip((3, len(parts) // 2, len(parts) - 3), planted, strict=True):
        parts[index] = term
    return "".join(parts)[:length]


def per_call_seconds(function, number: int, repeat: int) -> float:
    """Best mean time of one call over ``repeat`` batches of ``number`` calls (as timeit)."""
    timer = timeit.Timer(function)
    timer.timeit(1)  # warm-up: caches, lazily built tables
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=20_000)
    parser.add_argument("--chars", type=int, default=5_000)
    parser.add_argument("--backend", default="auto", choices=("auto", "rust", "python"))
    args = parser.parse_args()
    rng = random.Random(20240611)
    terms = make_terms(rng, args.terms)
    article = make_article(rng, terms, args.chars)
    started = time.perf_counter()
    entries = [Entry(EntryKind.SENSITIVE, term) for term in terms]
    lexicon = compile_lexicon(entries, backend=args.backend)
    build = time.perf_counter() - started
    engine = per_call_seconds(lambda: screen(lexicon, article), number=200, repeat=25)
    naive = per_call_seconds(lambda: [t for t in terms if t in article], number=2, repeat=10)
    hits = len(screen(lexicon, article).hits)
    naive_hits = len([t for t in terms if t in article])
    print(f"lexicon: {len(terms)} terms, backend {lexicon.backend}, built in {build:.2f} s")
    print(f"article: {len(article)} chars; engine hits {hits}, naive hits {naive_hits}")
    print(f"engine: {engine * 1e3:.3f} ms/article, {len(article) / engine:,.0f} chars/s")
    print(f"naive : {naive * 1e3:.3f} ms/article, {len(article) / naive:,.0f} chars/s")
    print(f"ratio : {naive / engine:,.0f}x faster than the naive loop")


if __name__ == "__main__":
    main()
