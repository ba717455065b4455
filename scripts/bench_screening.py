"""Benchmark of the screening engine against a naive per-term ``in`` loop (not a test).

20,000 random 2-5-character Han terms and a 5,000-character article of random Han text
with Chinese punctuation, both from a seeded RNG; three lexicon terms are planted in the
article, one with noise between its characters. The engine's time includes
normalisation (folding, noise stripping) and building the verdict.

With the leader rules on, a register of ``--leaders`` fictitious leaders (three titles each,
one former) and four fixed formulations are added, and six leaders with titles are planted in
the article (one with another's title, two out of order).

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

from datetime import date  # noqa: E402

from cms.screening.engine import (  # noqa: E402
    Entry,
    EntryKind,
    Leader,
    Title,
    compile_lexicon,
    compile_register,
    screen,
    screen_fields,
)

FORMULATIONS = [
    Entry(
        EntryKind.FORMULATION,
        "习近平[^，。；、]{0,8}思想",
        suggestion="习近平新时代中国特色社会主义思想",
    ),
    Entry(EntryKind.FORMULATION, "不忘初心", suggestion="不忘初心、牢记使命"),
    Entry(EntryKind.FORMULATION, "[两2]个坚决维护", suggestion="两个维护"),
    Entry(EntryKind.FORMULATION, "第二十[届次]中央委员会", suggestion="第二十届中央委员会"),
]

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


def make_register(rng: random.Random, count: int):
    leaders = [
        Leader(
            han(rng, 3),
            (
                Title(f"区{han(rng, 2)}主任", date(2024, 1, 1)),
                Title(f"区委{han(rng, 2)}", date(2025, 1, 1)),
                Title(f"区{han(rng, 3)}局长", date(2020, 1, 1), date(2023, 12, 31)),
            ),
            order=number,
        )
        for number in range(count)
    ]
    return compile_register(leaders)


def plant_leaders(article: str, register) -> str:
    people = register.leaders
    mentions = [
        f"{people[0].titles[0].title}{people[0].name}",
        f"{people[1].titles[1].title}{people[1].name}、{people[2].titles[0].title}{people[2].name}",
        f"{people[5].titles[0].title}{people[4].name}",  # another's title
        f"{people[9].name}、{people[7].name}",  # out of order
    ]
    step = len(article) // (len(mentions) + 1)
    for number, mention in enumerate(mentions, 1):
        at = number * step
        article = article[:at] + "。" + mention + "。" + article[at + len(mention) + 2 :]
    return article


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
    parser.add_argument("--leaders", type=int, default=50)
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
    leaders_rules(args, rng, entries, article)


def interleaved_best(functions, number: int, rounds: int) -> list[float]:
    """Best mean time of one call of each function, batches of the functions taking turns, so
    that a busy machine slows them alike."""
    timers = [timeit.Timer(function) for function in functions]
    for timer in timers:
        timer.timeit(1)
    best = [float("inf")] * len(timers)
    for _ in range(rounds):
        for index, timer in enumerate(timers):
            best[index] = min(best[index], timer.timeit(number) / number)
    return best


def leaders_rules(args, rng: random.Random, entries: list, article: str) -> None:
    register = make_register(rng, args.leaders)
    lexicon_plain = compile_lexicon(entries, backend=args.backend)
    lexicon = compile_lexicon([*entries, *FORMULATIONS], backend=args.backend)
    article = plant_leaders(article, register)
    fields = [("正文", article)]
    today = date(2026, 6, 1)

    def run():
        return screen_fields(lexicon, fields, leaders=register, on=today)

    def run_plain():
        return screen_fields(lexicon, fields)

    plain = lambda: screen_fields(lexicon_plain, fields)  # noqa: E731 - today's screening
    best = interleaved_best([plain, run_plain, run], number=50, rounds=80)
    baseline, without, with_rules = best
    kinds = sorted(str(hit.kind) for hit in run().hits if hit.kind != EntryKind.SENSITIVE)
    print(f"leader rules: {args.leaders} leaders, {len(FORMULATIONS)} formulations; hits {kinds}")
    print("taking turns in one run (best of 80 batches of 50 calls each):")
    print(f"  lexicon only (today)           : {baseline * 1e3:.3f} ms/article")
    print(f"  lexicon + formulations         : {without * 1e3:.3f} ms/article")
    print(f"  lexicon + formulations + leaders: {with_rules * 1e3:.3f} ms/article")
    print(f"  ratio to today                 : {with_rules / baseline:.2f}x")


if __name__ == "__main__":
    main()
