"""Screening verdicts: entry kinds, allow-list, messages, fields."""

from __future__ import annotations

import pytest

from cms.screening.engine import (
    Entry,
    EntryKind,
    Verdict,
    compile_lexicon,
    locate,
    screen,
    screen_fields,
)
from cms.screening.engine import normalize as normalize_module

from .samples import sample_lexicon

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

LEXICON = sample_lexicon()


def test_clean_text_gives_an_empty_verdict():
    verdict = screen(LEXICON, "坚持和发展中国特色社会主义。")
    assert verdict == Verdict()
    assert not verdict.blocks and not verdict.needs_minister
    assert verdict.summary == "未发现禁用词、严重表述错误或敏感内容。"


def test_empty_text_gives_an_empty_verdict():
    assert screen(LEXICON, "").hits == ()


def test_forbidden_term_blocks_and_carries_its_category():
    verdict = screen(LEXICON, "文中出现测试禁用词甲。")
    (hit,) = verdict.hits
    assert hit.kind is EntryKind.FORBIDDEN
    assert (hit.category, hit.category_label) == (
        "anti_party_socialism",
        "反对中国共产党和社会主义",
    )
    assert verdict.blocks and not verdict.needs_minister
    assert (
        hit.message
        == "【禁用词】第5字处“测试禁用词甲”属于“反对中国共产党和社会主义”类禁止内容，须删除或修改。"
    )


def test_wrong_form_blocks_and_carries_the_suggestion():
    verdict = screen(LEXICON, "市攻府召开会议")
    (hit,) = verdict.hits
    assert (hit.kind, hit.term, hit.suggestion) == (EntryKind.WRONG_FORM, "攻府", "政府")
    assert verdict.blocks
    assert hit.message == "【严重表述错误】第2字处“攻府”应为“政府”，须更正后方可发布。"


def test_sensitive_marker_does_not_block_but_needs_the_minister():
    verdict = screen(LEXICON, "附件含测试敏感词。")
    (hit,) = verdict.hits
    assert hit.kind is EntryKind.SENSITIVE
    assert not verdict.blocks and verdict.needs_minister
    assert "须报部长审签" in hit.message and "涉及单位和党组织秘密" in hit.message
    assert verdict.summary == "共发现1处问题，含敏感内容，须报部长审签后方可发布。"


def test_blocking_and_sensitive_hits_together():
    verdict = screen(LEXICON, "攻府与测试敏感词")
    assert verdict.blocks and verdict.needs_minister
    assert verdict.summary.startswith("共发现2处问题，存在禁用词或严重表述错误，不得发布；")
    assert verdict.messages == tuple(hit.message for hit in verdict.hits)


def test_hit_inside_an_allow_listed_phrase_is_dropped():
    assert screen(LEXICON, "红军围攻府城三日").hits == ()


def test_allow_listed_phrase_tolerates_noise_like_terms():
    assert screen(LEXICON, "红军围 攻·府城三日").hits == ()


def test_hit_only_partly_inside_an_allow_listed_phrase_is_kept():
    lexicon = compile_lexicon(
        [
            Entry(EntryKind.WRONG_FORM, "攻府城", suggestion="政府城"),
            Entry(EntryKind.ALLOW, "围攻府"),
        ]
    )
    (hit,) = screen(lexicon, "围攻府城").hits
    assert (hit.start, hit.end) == (1, 4)


def test_allow_list_does_not_hide_other_occurrences():
    (hit,) = screen(LEXICON, "围攻府城，市攻府").hits
    assert (hit.start, hit.end) == (6, 8)


def test_locate_reports_allow_listed_phrases_too():
    kinds = [entry.kind for entry, _, _ in locate(LEXICON, "围攻府城")]
    assert set(kinds) == {EntryKind.WRONG_FORM, EntryKind.ALLOW}


def test_overlapping_terms_are_all_reported_in_text_order():
    lexicon = compile_lexicon(
        [
            Entry(EntryKind.SENSITIVE, "人民共"),
            Entry(EntryKind.WRONG_FORM, "中华人民共合国", suggestion="中华人民共和国"),
            Entry(EntryKind.SENSITIVE, "合国"),
        ]
    )
    hits = screen(lexicon, "中华人民共合国").hits
    assert [(h.term, h.start, h.end) for h in hits] == [
        ("中华人民共合国", 0, 7),
        ("人民共", 2, 5),
        ("合国", 5, 7),
    ]


def test_same_term_under_two_kinds_gives_two_hits():
    lexicon = compile_lexicon(
        [
            Entry(EntryKind.SENSITIVE, "测试词"),
            Entry(EntryKind.FORBIDDEN, "测试词", category="other_unlawful"),
        ]
    )
    kinds = [hit.kind for hit in screen(lexicon, "测试词").hits]
    assert kinds == [EntryKind.FORBIDDEN, EntryKind.SENSITIVE]


def test_screen_fields_reports_the_field_of_each_hit():
    verdict = screen_fields(
        LEXICON,
        {
            "标题": "市攻府工作",
            "摘要": "无问题",
            "正文第1段": "含测试敏感词",
            "图片说明": "ＦＡＬＵＮ",
        },
    )
    assert [(h.field, h.term) for h in verdict.hits] == [
        ("标题", "攻府"),
        ("正文第1段", "测试敏感词"),
        ("图片说明", "falun"),
    ]
    assert verdict.hits[0].message.startswith("【严重表述错误】“标题”第2字处")


def test_screen_fields_accepts_repeated_names_and_never_joins_fields():
    verdict = screen_fields(LEXICON, [("正文", "市攻"), ("正文", "府"), ("正文", "攻府")])
    assert [(h.field, h.start) for h in verdict.hits] == [("正文", 0)]


def test_terms_with_too_many_spellings_match_through_the_folded_text(monkeypatch):
    text = "我愛中華人民共合國，中华人民共合国，中華人民共合国"
    expected = screen(LEXICON, text).hits
    monkeypatch.setattr("cms.screening.engine.lexicon.MAX_SPELLINGS", 1)
    lexicon = compile_lexicon(LEXICON.entries)
    assert lexicon.folded is not None and LEXICON.folded is None
    assert screen(lexicon, text).hits == expected
    assert len(expected) == 3


def test_spellings_cover_every_traditional_variant():
    spellings = normalize_module.spellings("国发")
    assert {"国发", "國發", "国髮", "國髮"} <= set(spellings)


@pytest.mark.parametrize("backend", ["rust", "python"])
def test_backends_give_the_same_verdict(backend):
    text = "中華人民共 合國、测*试禁用词甲、围攻府城、攻府、ＦＡＬＵＮ、测试敏感词"
    assert screen(sample_lexicon(backend), text) == screen(LEXICON, text)


def test_message_keeps_a_match_spanning_lines_on_one_line():
    (hit,) = screen(LEXICON, "市攻\n\n府").hits
    assert hit.matched == "攻\n\n府"
    assert hit.message == "【严重表述错误】第2字处“攻 府”应为“政府”，须更正后方可发布。"
