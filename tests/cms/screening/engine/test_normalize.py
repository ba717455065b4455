"""Normalisation: folding, noise skipping, and positions in the original text."""

from __future__ import annotations

import pytest

from cms.screening.engine import (
    DEFAULT_MAX_GAP,
    Entry,
    EntryKind,
    compile_lexicon,
    normalize_term,
    screen,
)
from cms.screening.engine.folding import HAN_RANGES, OTHER_RANGES, fold_char, has_astral
from cms.screening.engine.normalize import fold_han, prepare

from .samples import sample_lexicon

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

LEXICON = sample_lexicon()


def only_hit(text, **options):
    hits = screen(LEXICON, text, **options).hits
    assert len(hits) == 1, hits
    return hits[0]


def test_full_width_letters_and_digits_fold_to_half_width():
    assert normalize_term("ＦＡＬＵＮ１２３") == "falun123"


def test_case_is_folded():
    assert normalize_term("FaLuN") == "falun"
    assert fold_char("Σ") == "σ"


def test_traditional_characters_fold_to_simplified():
    assert normalize_term("中華人民共和國") == "中华人民共和国"
    assert normalize_term("黨") == "党"


def test_compatibility_forms_fold_to_their_plain_character():
    assert fold_char("⼈") == "人"  # Kangxi radical
    assert fold_char("①") == "1"
    assert fold_char("𝐀") == "a"  # mathematical bold capital, beyond the BMP


def test_noise_characters_are_dropped_from_terms():
    assert normalize_term(" 测-试·禁_用*词，甲 ") == "测试禁用词甲"


def test_fold_keeps_text_length_so_positions_are_one_to_one():
    text = "ＡＢＣ中華①⼈𝐀！"
    assert len(prepare(text).folded) == len(text)


def test_astral_detection():
    assert has_astral("abc𝐀")
    assert not has_astral("中文，ＡＢＣ")


def test_traditional_text_matches_simplified_term():
    hit = only_hit("我愛中華人民共合國")
    assert (hit.matched, hit.start, hit.end) == ("中華人民共合國", 2, 9)


def test_full_width_and_upper_case_text_matches_lower_case_term():
    hit = only_hit("关于ＦＡＬＵＮ的报道")
    assert (hit.term, hit.matched, hit.start, hit.end) == ("falun", "ＦＡＬＵＮ", 2, 7)


def test_noise_between_characters_within_gap_is_found():
    hit = only_hit("开头测*试 ·禁用词-_-甲结尾")
    assert hit.matched == "测*试 ·禁用词-_-甲"
    assert (hit.start, hit.end) == (2, 14)


def test_noise_between_characters_beyond_gap_is_not_found():
    assert screen(LEXICON, "测****试禁用词甲").hits == ()


def test_gap_is_configurable():
    text = "测*****试禁用词甲"
    assert screen(LEXICON, text).hits == ()
    assert only_hit(text, max_gap=5).matched == text
    assert screen(LEXICON, "测*试禁用词甲", max_gap=0).hits == ()
    assert DEFAULT_MAX_GAP == 3


def test_zero_width_and_ideographic_spaces_count_as_noise():
    hit = only_hit("攻\u200b\u3000府")
    assert (hit.start, hit.end) == (0, 4)


def test_emoji_between_characters_count_as_noise():
    hit = only_hit("前文攻🌸府")
    assert (hit.matched, hit.start, hit.end) == ("攻🌸府", 2, 5)


def test_leading_and_trailing_noise_are_not_part_of_the_match():
    hit = only_hit("，，“攻府”。")
    assert (hit.matched, hit.start, hit.end) == ("攻府", 3, 5)


def test_positions_map_back_after_astral_characters():
    text = "𝐀𝐁😀，攻😀府𝐂"
    hit = only_hit(text)
    assert text[hit.start : hit.end] == hit.matched == "攻😀府"


def test_positions_map_back_for_many_hits_in_one_text():
    text = "。".join(["攻府", "政府", "攻 府", "xx攻-府"] * 50)
    hits = screen(LEXICON, text).hits
    assert len(hits) == 150
    assert all(text[h.start : h.end] == h.matched for h in hits)
    assert all(normalize_term(h.matched) == "攻府" for h in hits)


def test_a_term_never_matches_across_a_long_noise_run_even_mid_text():
    text = "攻" + "，" * 4 + "府攻府"
    hit = only_hit(text)
    assert (hit.start, hit.end) == (6, 8)


@pytest.mark.parametrize("max_gap", [-1, 1.5, True])
def test_invalid_gap_is_rejected(max_gap):
    with pytest.raises(ValueError):
        screen(LEXICON, "攻府", max_gap=max_gap)


def test_term_with_noise_inside_matches_text_without_it():
    lexicon = compile_lexicon([Entry(EntryKind.SENSITIVE, "Falun Gong")])
    assert [h.matched for h in screen(lexicon, "falungong, FALUN-GONG").hits] == [
        "falungong",
        "FALUN-GONG",
    ]


def test_text_preparation_agrees_with_term_normalisation_for_every_character():
    ranges = (*OTHER_RANGES, *HAN_RANGES, (0x1F300, 0x1F700), (0x20000, 0x20100))
    everything = "".join(chr(code) for low, high in ranges for code in range(low, high))
    for text in (everything, everything[:0x3000]):  # with and without astral characters
        assert fold_han(prepare(text).compact) == normalize_term(text)
