"""Lexicon validation, compilation, fingerprints and the 13 categories."""

from __future__ import annotations

import dataclasses

import pytest

from cms.screening.engine import (
    CATEGORIES,
    Entry,
    EntryKind,
    LexiconError,
    checklist,
    compile_lexicon,
    entry_problem,
    entry_problems,
    find_category,
    lexicon_fingerprint,
)

from .samples import SAMPLE_ENTRIES

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure


def test_there_are_13_categories_with_unique_codes_and_labels():
    assert [c.number for c in CATEGORIES] == list(range(1, 14))
    assert len({c.code for c in CATEGORIES}) == len({c.label for c in CATEGORIES}) == 13
    assert CATEGORIES[3].label == "危害国家安全、泄露秘密、颠覆政权、破坏统一"


def test_judgement_categories_form_the_reviewer_checklist():
    numbers = [c.number for c in checklist()]
    assert numbers == [7, 10, 11, 12, 13]
    assert all(c.checklist_prompt.endswith("？") for c in CATEGORIES)


def test_category_can_be_found_by_code_label_or_number():
    assert find_category("ethnic_hatred") is find_category("煽动民族仇恨、破坏民族团结")
    assert find_category(" 5 ") is find_category("ethnic_hatred")
    assert find_category("no_such_category") is None


def test_entry_kind_given_as_plain_string_is_coerced():
    assert Entry("sensitive", "某词").kind is EntryKind.SENSITIVE


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (Entry("bogus", "某词"), "类型“bogus”无效"),
        (Entry(EntryKind.SENSITIVE, " ，。 "), "词条为空"),
        (Entry(EntryKind.FORBIDDEN, "某词"), "禁用词必须填写类别"),
        (Entry(EntryKind.FORBIDDEN, "某词", category="nope"), "类别“nope”不存在"),
        (Entry(EntryKind.FORBIDDEN, "某词", category="unpublished_statistics"), "须人工研判"),
        (Entry(EntryKind.WRONG_FORM, "某词"), "必须填写正确写法"),
        (
            Entry(EntryKind.WRONG_FORM, "某词", category="other_unlawful", suggestion="x"),
            "不填写类别",
        ),
        (Entry(EntryKind.WRONG_FORM, "共产党", suggestion="中国共产党"), "包含在正确写法"),
        (Entry(EntryKind.ALLOW, "某词", suggestion="x"), "只有 wrong_form"),
        (Entry(EntryKind.SENSITIVE, "某词", suggestion="x"), "只有 wrong_form"),
    ],
)
def test_invalid_entries_are_explained_in_chinese(entry, reason):
    assert reason in entry_problem(entry)


def test_valid_entries_have_no_problem():
    assert [entry_problem(e) for e in SAMPLE_ENTRIES] == [None] * len(SAMPLE_ENTRIES)
    assert (
        entry_problem(Entry(EntryKind.SENSITIVE, "某词", category="unpublished_statistics")) is None
    )


def test_duplicates_after_normalisation_are_reported_with_the_first_number():
    entries = [
        Entry(EntryKind.SENSITIVE, "测试词"),
        Entry(EntryKind.SENSITIVE, "測 試 詞"),
        Entry(EntryKind.FORBIDDEN, "测试词", category="other_unlawful"),
    ]
    assert entry_problems(entries) == ["第2条：与第1条重复（规范化后词条相同）"]


def test_compile_rejects_invalid_entries_and_lists_every_problem():
    entries = [*SAMPLE_ENTRIES, Entry(EntryKind.FORBIDDEN, "某词"), Entry("bogus", "x")]
    with pytest.raises(LexiconError) as caught:
        compile_lexicon(entries)
    assert len(caught.value.problems) == 2
    assert caught.value.problems[0].startswith("第7条：")
    assert str(caught.value).startswith("词库有误，未作任何更改：")


def test_compiled_lexicon_is_immutable_and_sorted():
    lexicon = compile_lexicon(SAMPLE_ENTRIES)
    assert isinstance(lexicon.entries, tuple)
    assert list(lexicon.entries) == sorted(SAMPLE_ENTRIES, key=Entry.sort_key)
    with pytest.raises(dataclasses.FrozenInstanceError):
        lexicon.entries = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        lexicon.entries[0].term = "x"


def test_fingerprint_ignores_order_but_not_content():
    reordered = list(reversed(SAMPLE_ENTRIES))
    assert lexicon_fingerprint(reordered) == lexicon_fingerprint(SAMPLE_ENTRIES)
    changed = [dataclasses.replace(SAMPLE_ENTRIES[0], note="改了备注"), *SAMPLE_ENTRIES[1:]]
    assert lexicon_fingerprint(changed) != lexicon_fingerprint(SAMPLE_ENTRIES)
    assert len(lexicon_fingerprint(SAMPLE_ENTRIES)) == 64


def test_compiled_lexicon_carries_the_fingerprint_of_its_entries():
    lexicon = compile_lexicon(SAMPLE_ENTRIES)
    assert lexicon.fingerprint == lexicon_fingerprint(SAMPLE_ENTRIES)
    assert compile_lexicon(reversed(SAMPLE_ENTRIES)).fingerprint == lexicon.fingerprint


def test_empty_lexicon_compiles_and_finds_nothing():
    from cms.screening.engine import screen

    assert screen(compile_lexicon([]), "任何文字").hits == ()
