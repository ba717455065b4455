"""Screening: find lexicon entries in texts and turn them into a verdict."""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import date

from .formulation import formulation_spans
from .leaders import LeaderRegister, leader_hits
from .lexicon import Lexicon
from .model import Entry, EntryKind, Hit, Verdict
from .normalize import DEFAULT_MAX_GAP, SpanMapper, prepare

Located = tuple[Entry, int, int]  # entry, start, end in the original text


def _check_gap(max_gap: int) -> None:
    if isinstance(max_gap, bool) or not isinstance(max_gap, int) or max_gap < 0:
        raise ValueError(f"max_gap must be a non-negative int, not {max_gap!r}")


def locate(lexicon: Lexicon, text: str, max_gap: int = DEFAULT_MAX_GAP) -> list[Located]:
    """Every occurrence of every entry (allow-list phrases included), in original positions.

    Up to ``max_gap`` noise characters may separate two characters of a term.
    """
    _check_gap(max_gap)
    prepared = prepare(text)
    found = lexicon.find(prepared.compact)
    if not found:
        return []
    mapper = SpanMapper(prepared)
    spans = ((lexicon.entries[index], mapper.span(s, e, max_gap)) for index, s, e in found)
    return [(entry, *span) for entry, span in spans if span is not None]


def locate_formulations(lexicon: Lexicon, text: str) -> list[Located]:
    """Every candidate of a fixed formulation that is not in its required form."""
    located = []
    for index, pattern in lexicon.formulations:
        entry = lexicon.entries[index]
        located += [(entry, s, e) for s, e in formulation_spans(pattern, entry.suggestion, text)]
    return located


class _AllowedSpans:
    """Answers "does an allow-listed span cover [start, end)?" in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self._lows = [low for low, _ in spans]
        self._reach = list(itertools.accumulate((high for _, high in spans), max))

    def cover(self, start: int, end: int) -> bool:
        count = bisect_right(self._lows, start)  # spans starting at or before ``start``
        return count > 0 and self._reach[count - 1] >= end


def _hit(entry: Entry, text: str, start: int, end: int, field: str) -> Hit:
    matched = text[start:end]
    return Hit(entry.kind, entry.category, entry.term, matched, start, end, entry.suggestion, field)


def find_hits(
    lexicon: Lexicon, text: str, *, max_gap: int = DEFAULT_MAX_GAP, field: str = ""
) -> tuple[Hit, ...]:
    """The hits in one text, minus those lying fully inside an allow-listed phrase."""
    located = locate(lexicon, text or "", max_gap)
    if lexicon.formulations and text:
        located += locate_formulations(lexicon, text)
    allowed = _AllowedSpans([(s, e) for entry, s, e in located if entry.kind is EntryKind.ALLOW])
    hits = [
        _hit(entry, text, s, e, field)
        for entry, s, e in located
        if entry.kind is not EntryKind.ALLOW and not allowed.cover(s, e)
    ]
    return tuple(sorted(hits, key=Hit.sort_key))


def screen(lexicon: Lexicon, text: str, *, max_gap: int = DEFAULT_MAX_GAP) -> Verdict:
    """Screen one text."""
    return Verdict(find_hits(lexicon, text, max_gap=max_gap))


def screen_fields(
    lexicon: Lexicon,
    fields: Mapping[str, str] | Iterable[tuple[str, str]],
    *,
    max_gap: int = DEFAULT_MAX_GAP,
    leaders: LeaderRegister | None = None,
    on: date | None = None,
) -> Verdict:
    """Screen several named fields (title, summary, body blocks, captions, ...).

    ``fields`` maps a field name, shown to editors (e.g. "标题", "正文第2段"), to its text;
    pairs may repeat a name. Each hit carries its field; a term never spans two fields.
    With a ``leaders`` register, names and titles are checked as of the item's date ``on``.
    """
    pairs = fields.items() if isinstance(fields, Mapping) else fields
    hits: list[Hit] = []
    for name, text in pairs:
        hits += find_hits(lexicon, text, max_gap=max_gap, field=name)
        if leaders is not None and on is not None:
            hits += leader_hits(leaders, text, on=on, field=name)
    return Verdict(tuple(hits))
