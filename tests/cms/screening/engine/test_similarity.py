"""Near-duplicate detection: SimHash over jieba tokens, on the labelled set."""

from __future__ import annotations

import pytest

from cms.screening.engine.similarity import distance, fingerprint, likely_duplicate, similarity

from .duplicates_corpus import BASES, labelled_pairs, variants

pytestmark = pytest.mark.pure


def test_an_item_is_its_own_duplicate():
    title, text = BASES[0]
    assert distance(fingerprint(title, text), fingerprint(title, text)) == 0
    assert similarity(fingerprint(title, text), fingerprint(title, text)) == 1.0


def test_edited_copies_are_duplicates_and_items_of_one_template_are_not():
    base, other = BASES[0], BASES[1]  # two theme days of two towns
    for variant in variants(*base):
        assert likely_duplicate(fingerprint(*base), fingerprint(*variant))
    assert not likely_duplicate(fingerprint(*base), fingerprint(*other))


def test_precision_and_recall_on_the_labelled_set():
    said = [
        (likely_duplicate(fingerprint(*a), fingerprint(*b)), dup) for a, b, dup in labelled_pairs()
    ]
    true_positive = sum(1 for s, dup in said if s and dup)
    precision = true_positive / sum(1 for s, _ in said if s)
    recall = true_positive / sum(1 for _, dup in said if dup)
    assert precision >= 0.95
    assert recall >= 0.9
