"""Normalisation before matching, and mapping of matches back to the original text.

A text is folded character by character (see :mod:`.folding`), then its noise -- every
character that is not a letter or digit (spaces, punctuation, symbols, zero-width marks)
and ``_`` -- is cut out. The matcher runs on the remaining "compact" text, so a term
is found however much noise separates its characters; :class:`SpanMapper` then maps a
match back to the original text and drops it if more than ``max_gap`` noise characters
stand between two of its characters.

For speed the Han part of the fold (traditional → simplified) is not applied to texts:
each lexicon term is expanded instead into every spelling whose Han characters fold to
it (:func:`spellings`), so a text only needs the non-Han fold, a regular-expression pass
that rarely has anything to replace. A term with more than ``MAX_SPELLINGS`` spellings
is matched against a fully folded copy of the text instead (:func:`fold_han`). Both ways
find the same hits as folding the text fully.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from bisect import bisect_right
from dataclasses import dataclass

from .folding import NOISE_CHAR_RE, has_astral, tables

DEFAULT_MAX_GAP = 3
MAX_SPELLINGS = 256


def normalize_term(term: str) -> str:
    """Fold every character of a lexicon term and drop its noise characters."""
    fold = tables().fold
    return NOISE_CHAR_RE.sub("", "".join(fold.get(c, c) for c in term))


@dataclass(frozen=True, slots=True)
class Prepared:
    folded: str  # the text with its non-Han characters folded (same length)
    pieces: list[str]  # ``folded`` split at every noise character (pieces may be empty)
    compact: str  # the pieces joined: what the matcher reads


def prepare(text: str) -> Prepared:
    """Fold a text's non-Han characters and cut its noise out."""
    found = tables()
    astral = has_astral(text)
    folded = found.text_folder(text, astral=astral)
    pieces = (NOISE_CHAR_RE if astral else found.bmp_noise).split(folded)
    return Prepared(folded, pieces, "".join(pieces))


def fold_han(text: str) -> str:
    """The Han part of the fold (traditional → simplified); same length as ``text``."""
    return tables().han_folder(text, astral=has_astral(text))


def spelling_count(term: str) -> int:
    variants = tables().variants
    return math.prod(len(variants.get(c, c)) for c in term)


def spellings(term: str) -> list[str]:
    """Every text spelling whose Han characters fold to ``term`` (a normalised term)."""
    variants = tables().variants
    return ["".join(p) for p in itertools.product(*(variants.get(c, c) for c in term))]


@functools.lru_cache(maxsize=1024)
def _term_shape(length: int, max_gap: int) -> re.Pattern[str]:
    """``length`` kept characters with at most ``max_gap`` noise characters between two."""
    return re.compile(rf"[^\W_](?:[\W_]{{0,{max_gap}}}[^\W_]){{{length - 1}}}")


class SpanMapper:
    """Map spans of the compact text back to the original text.

    Piece ``i`` of the split text is preceded by exactly ``i`` noise characters, so the
    original index of compact position ``p`` is ``p + i`` for the piece ``i`` holding it.
    """

    __slots__ = ("_folded", "_ends")

    def __init__(self, prepared: Prepared) -> None:
        self._folded = prepared.folded
        self._ends = list(itertools.accumulate(map(len, prepared.pieces)))

    def original(self, position: int) -> int:
        """The original index of the character at compact ``position``."""
        return position + bisect_right(self._ends, position)

    def span(self, start: int, end: int, max_gap: int) -> tuple[int, int] | None:
        """Original span of compact ``[start, end)``, or None if a gap exceeds max_gap."""
        origin = self.original(start)
        shape = _term_shape(end - start, max_gap).match(self._folded, origin)
        return (origin, shape.end()) if shape else None
