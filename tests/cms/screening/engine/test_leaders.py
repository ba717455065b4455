"""Leaders' names and titles: titles by date, order, dismissed persons (R-12)."""

from __future__ import annotations

from datetime import date

import pytest

from cms.screening.engine import (
    Dismissed,
    Entry,
    EntryKind,
    Leader,
    RuleKind,
    Title,
    compile_lexicon,
    compile_register,
    leader_hits,
    screen_fields,
)

pytestmark = pytest.mark.pure

TODAY = date(2026, 6, 1)
LAST_YEAR = date(2025, 6, 1)
# Fictitious people: 甄一明 became party secretary in 2026, after being district mayor.
REGISTER = compile_register(
    [
        Leader(
            "甄一明",
            (
                Title("区委书记", date(2026, 1, 10)),
                Title("区长", date(2021, 3, 1), date(2026, 1, 9)),
            ),
            order=1,
        ),
        Leader(
            "贾二华",
            (
                Title("区委副书记", date(2026, 1, 20)),
                Title("区长", date(2026, 1, 20)),
                Title("区委常委", date(2022, 1, 1), date(2026, 1, 19)),
            ),
            order=2,
        ),
        Leader("柯三立", (Title("区委常委", date(2023, 1, 1)), Title("组织部部长")), order=3),
        Leader("卜四海", (Title("区人大常委会主任", date(2027, 1, 1)),), order=4),
    ],
    [Dismissed("莫五德", date(2026, 3, 1), ("区委常委", "宣传部部长"))],
)


def kinds(text: str, on: date = TODAY) -> list[RuleKind]:
    return [hit.kind for hit in leader_hits(REGISTER, text, on=on)]


def test_title_held_on_the_item_date_passes():
    assert kinds("区委书记甄一明主持会议。") == []
    assert kinds("区委副书记、区长贾二华出席。") == []


def test_another_persons_title_blocks_with_the_right_form():
    (hit,) = leader_hits(REGISTER, "会上，区委书记贾二华作了讲话。", on=TODAY, field="正文第1块")
    assert hit.kind is RuleKind.LEADER_TITLE
    assert hit.matched == "区委书记贾二华"
    assert hit.suggestion == "区委副书记、区长贾二华"
    assert hit.message.startswith("【领导职务错误】“正文第1块”第4字处“区委书记贾二华”")
    assert "应为“区委副书记、区长贾二华”" in hit.message


def test_title_after_the_name_is_checked_too():
    assert kinds("贾二华区委书记指出") == [RuleKind.LEADER_TITLE]
    assert kinds("贾二华同志（区委书记）指出") == [RuleKind.LEADER_TITLE]
    assert kinds("甄一明同志（区委书记）指出") == []


def test_a_title_valid_last_year_is_right_for_an_item_of_last_year():
    assert kinds("区长甄一明调研。", on=LAST_YEAR) == []
    assert kinds("区委书记甄一明调研。", on=LAST_YEAR) == [RuleKind.LEADER_TITLE]


def test_a_title_valid_last_year_warns_today_unless_spoken_of_in_the_past():
    (hit,) = leader_hits(REGISTER, "区长甄一明调研。", on=TODAY)
    assert hit.kind is RuleKind.LEADER_OUTDATED
    assert hit.suggestion == "区委书记甄一明"
    assert kinds("2024年，时任区长甄一明调研。") == []
    assert kinds("原区长甄一明。") == []


def test_a_title_not_yet_valid_blocks():
    assert kinds("区人大常委会主任卜四海出席。") == [RuleKind.LEADER_TITLE]
    assert kinds("区人大常委会主任卜四海出席。", on=date(2027, 2, 1)) == []


def test_a_name_without_a_title_is_left_alone():
    assert kinds("贾二华在会上讲话。甄一明参加。") == []


def test_leaders_named_out_of_protocol_order_warn():
    (hit,) = leader_hits(REGISTER, "区长贾二华、区委书记甄一明出席会议。", on=TODAY)
    assert hit.kind is RuleKind.LEADER_ORDER
    assert hit.suggestion == "甄一明、贾二华"
    assert kinds("区委书记甄一明、区长贾二华出席会议。") == []


def test_order_is_judged_per_sentence():
    assert kinds("贾二华讲话。甄一明总结。") == []
    assert kinds("柯三立、甄一明、贾二华出席。") == [RuleKind.LEADER_ORDER]


def test_dismissed_person_with_a_title_blocks_from_the_date_on():
    (hit,) = leader_hits(REGISTER, "区委常委、宣传部部长莫五德出席。", on=TODAY)
    assert hit.kind is RuleKind.DISMISSED
    assert hit.suggestion == "原区委常委、宣传部部长莫五德"
    assert kinds("区委常委、宣传部部长莫五德出席。", on=date(2026, 2, 1)) == []
    assert kinds("原宣传部部长莫五德。") == []
    assert kinds("莫五德被免职。") == []


def test_verdict_blocks_on_a_wrong_title_and_only_warns_on_order():
    lexicon = compile_lexicon([Entry(EntryKind.WRONG_FORM, "攻府", suggestion="政府")])
    fields = {"标题": "区委书记贾二华调研", "正文": "区长贾二华、区委书记甄一明出席。"}
    verdict = screen_fields(lexicon, fields, leaders=REGISTER, on=TODAY)
    assert verdict.blocks
    assert [h.field for h in verdict.hits] == ["标题", "正文"]
    warned = screen_fields(lexicon, {"正文": fields["正文"]}, leaders=REGISTER, on=TODAY)
    assert not warned.blocks and not warned.needs_minister
    assert [h.kind for h in warned.warnings] == [RuleKind.LEADER_ORDER]
    assert "请审核人核实" in warned.summary


def test_a_name_inside_a_longer_registered_name_is_not_read_twice():
    register = compile_register(
        [Leader("甄一", (Title("区长"),), 2), Leader("甄一明", (Title("区委书记"),), 1)]
    )
    assert leader_hits(register, "区委书记甄一明", on=TODAY) == ()


def test_register_problems_refuse_a_bad_register():
    with pytest.raises(ValueError, match="登记了两次"):
        compile_register([Leader("甄一明"), Leader("甄一明")])
    with pytest.raises(ValueError, match="起始日期晚于终止日期"):
        compile_register([Leader("甄一明", (Title("区长", date(2026, 1, 2), date(2026, 1, 1)),))])
