"""Fixed formulations (规范表述) against a small corpus of right and wrong sentences."""

from __future__ import annotations

import pytest

from cms.screening.engine import (
    Entry,
    EntryKind,
    LexiconError,
    compile_lexicon,
    entry_problem,
    screen,
)

pytestmark = pytest.mark.pure

RULES = [
    Entry(
        EntryKind.FORMULATION,
        "习近平[^，。；、]{0,8}思想",
        suggestion="习近平新时代中国特色社会主义思想",
    ),
    Entry(EntryKind.FORMULATION, "不忘初心", suggestion="不忘初心、牢记使命"),
    Entry(EntryKind.FORMULATION, "[两2]个坚决维护", suggestion="两个维护"),
    Entry(
        EntryKind.FORMULATION,
        "中国共产党第二十[届次]中央委员会",
        suggestion="中国共产党第二十届中央委员会",
    ),
]
LEXICON = compile_lexicon(RULES)

RIGHT = [
    "深入学习贯彻习近平新时代中国特色社会主义思想。",
    "用习近平新时代中国特色社会主义思想凝心铸魂。",
    "牢记“不忘初心、牢记使命”的要求。",
    "不忘初心、牢记使命主题教育。",
    "做到“两个维护”。",
    "中国共产党第二十届中央委员会第四次全体会议。",
    "学习党的理论，坚定理想信念。",
]
WRONG = [
    ("深入学习习近平新时代思想。", "习近平新时代思想"),
    ("学习习近平思想。", "习近平思想"),
    ("坚持不忘初心，继续前进。", "不忘初心"),
    ("做到两个坚决维护。", "两个坚决维护"),
    ("中国共产党第二十次中央委员会。", "中国共产党第二十次中央委员会"),
]


@pytest.mark.parametrize("sentence", RIGHT)
def test_right_sentences_pass(sentence):
    assert screen(LEXICON, sentence).hits == ()


@pytest.mark.parametrize(("sentence", "matched"), WRONG)
def test_wrong_sentences_block_with_the_required_form(sentence, matched):
    (hit,) = screen(LEXICON, sentence).hits
    assert hit.kind is EntryKind.FORMULATION
    assert hit.matched == matched
    assert screen(LEXICON, sentence).blocks
    assert f"应为“{hit.suggestion}”" in hit.message
    assert hit.message.startswith("【规范表述】")


def test_an_allow_listed_phrase_covers_a_formulation_hit():
    lexicon = compile_lexicon([*RULES, Entry(EntryKind.ALLOW, "不忘初心方得始终")])
    assert screen(lexicon, "不忘初心方得始终。").hits == ()


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (Entry(EntryKind.FORMULATION, "不忘初心"), "必须填写规范写法"),
        (Entry(EntryKind.FORMULATION, "不忘(初心", suggestion="x"), "不是有效的正则表达式"),
        (Entry(EntryKind.FORMULATION, "a*", suggestion="x"), "能匹配空文字"),
        (Entry(EntryKind.FORMULATION, "不忘", "political", suggestion="x"), "不填写类别"),
    ],
)
def test_bad_formulation_rules_are_refused(entry, problem):
    assert problem in entry_problem(entry)
    with pytest.raises(LexiconError):
        compile_lexicon([entry])
