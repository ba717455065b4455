"""Property tests: noise never hides a term, and never invents one."""

from __future__ import annotations

import functools
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cms.screening.engine import Entry, EntryKind, compile_lexicon, locate, normalize_term, screen
from cms.screening.engine.folding import fold_char
from cms.screening.engine.normalize import spellings

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

SIMPLIFIED = "党国华发人民共和测试ab"
TEXT_CHARS = SIMPLIFIED + "黨國華發髮測試ＡＢAB"
NOISE = " *.-_·，。、！？\u3000\u200b/|~😀\n"

terms = st.text(alphabet=SIMPLIFIED, min_size=2, max_size=4)
texts = st.text(alphabet=TEXT_CHARS, max_size=30)
noisy_texts = st.text(alphabet=TEXT_CHARS + NOISE, max_size=40)
term_lists = st.lists(terms, min_size=1, max_size=5, unique_by=normalize_term)


@functools.lru_cache(maxsize=512)
def lexicon_of(words: tuple[str, ...], backend: str = "auto"):
    return compile_lexicon([Entry(EntryKind.SENSITIVE, w) for w in words], backend=backend)


def found(words, text, max_gap=3, backend="auto"):
    hits = screen(lexicon_of(tuple(words), backend), text, max_gap=max_gap).hits
    return [(h.term, h.start, h.end) for h in hits]


@settings(max_examples=300, deadline=None, database=None)
@given(
    prefix=noisy_texts, term=terms, suffix=noisy_texts, max_gap=st.integers(0, 4), data=st.data()
)
def test_noise_up_to_the_gap_never_hides_a_term(prefix, term, suffix, max_gap, data):
    spelled = data.draw(st.sampled_from(spellings(normalize_term(term))))
    runs = [data.draw(st.text(alphabet=NOISE, max_size=max_gap)) for _ in spelled[1:]]
    disguised = spelled[0] + "".join(
        run + char for run, char in zip(runs, spelled[1:], strict=True)
    )
    text = prefix + disguised + suffix
    span = (term, len(prefix), len(prefix) + len(disguised))
    assert span in found([term], text, max_gap)


def insert_noise(text: str, runs: list[str]) -> tuple[str, list[int]]:
    """Put runs[i] before text[i]; return the new text and where each old char went."""
    pieces, where, length = [], [], 0
    for char, run in zip(text, runs, strict=False):
        pieces += [run, char]
        where.append(length + len(run))
        length += len(run) + 1
    return "".join(pieces), where


@settings(max_examples=300, deadline=None, database=None)
@given(text=texts, words=term_lists, max_gap=st.integers(0, 4), data=st.data())
def test_inserting_noise_never_invents_a_term(text, words, max_gap, data):
    runs = data.draw(
        st.lists(st.text(alphabet=NOISE, max_size=6), min_size=len(text), max_size=len(text))
    )
    noisy, where = insert_noise(text, runs)
    back = {new: old for old, new in enumerate(where)}
    clean = set(found(words, text, max_gap))
    for term, start, end in found(words, noisy, max_gap):
        assert (term, back[start], back[end - 1] + 1) in clean


@settings(max_examples=300, deadline=None, database=None)
@given(text=texts, words=term_lists, max_gap=st.integers(0, 4), data=st.data())
def test_noise_within_the_gap_moves_hits_but_never_adds_or_drops_one(text, words, max_gap, data):
    runs = data.draw(
        st.lists(st.text(alphabet=NOISE, max_size=max_gap), min_size=len(text), max_size=len(text))
    )
    noisy, where = insert_noise(text, runs)
    back = {new: old for old, new in enumerate(where)}
    mapped = [
        (term, back[start], back[end - 1] + 1) for term, start, end in found(words, noisy, max_gap)
    ]
    assert mapped == found(words, text, max_gap)


@settings(max_examples=300, deadline=None, database=None)
@given(text=noisy_texts, words=term_lists)
def test_every_hit_normalises_to_its_term(text, words):
    lexicon = lexicon_of(tuple(words))
    for hit in screen(lexicon, text).hits:
        assert text[hit.start : hit.end] == hit.matched
        assert normalize_term(hit.matched) == normalize_term(hit.term)


@settings(max_examples=300, deadline=None, database=None)
@given(text=noisy_texts, words=term_lists)
def test_screening_a_text_equals_screening_its_full_fold(text, words):
    folded = "".join(fold_char(c) for c in text)
    assert found(words, text) == found(words, folded)


@settings(max_examples=200, deadline=None, database=None)
@given(text=noisy_texts, words=term_lists, max_gap=st.integers(0, 4))
def test_both_backends_give_the_same_hits(text, words, max_gap):
    assert found(words, text, max_gap, "rust") == found(words, text, max_gap, "python")


@settings(max_examples=200, deadline=None, database=None)
@given(text=noisy_texts, words=term_lists)
def test_folded_route_for_many_spellings_gives_the_same_hits(text, words):
    entries = [Entry(EntryKind.SENSITIVE, w) for w in words]
    with mock.patch("cms.screening.engine.lexicon.MAX_SPELLINGS", 1):
        folded_route = compile_lexicon(entries)
    hits = [(h.term, h.start, h.end) for h in screen(folded_route, text).hits]
    assert hits == found(words, text)


@settings(max_examples=200, deadline=None, database=None)
@given(text=noisy_texts, words=term_lists, allowed=term_lists)
def test_a_hit_is_dropped_exactly_when_an_allowed_phrase_covers_it(text, words, allowed):
    entries = [Entry(EntryKind.SENSITIVE, w) for w in words]
    lexicon = compile_lexicon(entries + [Entry(EntryKind.ALLOW, w) for w in allowed])
    located = locate(lexicon, text)
    spans = [(s, e) for entry, s, e in located if entry.kind is EntryKind.ALLOW]
    expected = sorted(
        (entry.term, s, e)
        for entry, s, e in located
        if entry.kind is EntryKind.SENSITIVE and not any(a <= s and e <= b for a, b in spans)
    )
    assert sorted((h.term, h.start, h.end) for h in screen(lexicon, text).hits) == expected
