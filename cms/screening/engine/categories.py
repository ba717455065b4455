"""The 13 categories of content that the site's regulation forbids.

Categories whose violations can be spotted from wording (slogans, names, slurs, ...) may
carry ``forbidden`` lexicon terms. The others need a person's judgement of the whole item
(is a figure confidential? is a claim verified?): they are checklist items for reviewers,
and a ``forbidden`` term may not point at them (a marker word for them is entered as a
``sensitive`` entry instead, which raises the item to the minister's sign-off).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    number: int
    code: str
    label: str
    needs_judgement: bool
    checklist_prompt: str


CATEGORIES: tuple[Category, ...] = (
    Category(1, "anti_constitution", "反对宪法和党章", False, "是否有反对宪法和党章的内容？"),
    Category(
        2,
        "anti_party_socialism",
        "反对中国共产党和社会主义",
        False,
        "是否有反对中国共产党领导、反对社会主义制度的内容？",
    ),
    Category(
        3,
        "harm_honour_interests",
        "损害党和国家荣誉和利益",
        False,
        "是否有损害党和国家荣誉和利益的内容？",
    ),
    Category(
        4,
        "national_security",
        "危害国家安全、泄露秘密、颠覆政权、破坏统一",
        False,
        "是否有危害国家安全、泄露国家秘密、颠覆国家政权、破坏国家统一的内容？",
    ),
    Category(
        5,
        "ethnic_hatred",
        "煽动民族仇恨、破坏民族团结",
        False,
        "是否有煽动民族仇恨、民族歧视，破坏民族团结的内容？",
    ),
    Category(
        6,
        "religion_cult_superstition",
        "破坏宗教政策、宣扬邪教和封建迷信",
        False,
        "是否有破坏国家宗教政策、宣扬邪教和封建迷信的内容？",
    ),
    Category(
        7,
        "rumour_disorder",
        "散布谣言、扰乱社会秩序",
        True,
        "所述事实是否有可靠来源，是否可能构成谣言、扰乱社会秩序？",
    ),
    Category(
        8,
        "insult_defamation",
        "侮辱或诽谤他人",
        False,
        "是否有侮辱或者诽谤他人、侵害他人合法权益的内容？",
    ),
    Category(
        9, "other_unlawful", "法律法规禁止的其他内容", False, "是否有法律法规禁止的其他内容？"
    ),
    Category(
        10,
        "organisation_secrets",
        "涉及单位和党组织秘密",
        True,
        "是否涉及本单位或党组织的秘密、内部事项？",
    ),
    Category(
        11,
        "unpublished_statistics",
        "不宜公开的统计数据",
        True,
        "所含统计数据是否已经有权机关公开发布、允许公开？",
    ),
    Category(
        12,
        "unverified_controversial",
        "未经证实或易引起歧义、引发争议",
        True,
        "是否有未经证实、容易引起歧义或者引发争议的内容？",
    ),
    Category(
        13,
        "internal_party_affairs",
        "其他不宜公开的党务信息",
        True,
        "是否有其他不宜公开的党务信息（如党员个人信息、组织处理过程）？",
    ),
)

_BY_CODE = {c.code: c for c in CATEGORIES}
_BY_NAME = {
    **_BY_CODE,
    **{c.label: c for c in CATEGORIES},
    **{str(c.number): c for c in CATEGORIES},
}


def category(code: str) -> Category:
    """Return the category with this code; raise KeyError if there is none."""
    return _BY_CODE[code]


def find_category(name: str) -> Category | None:
    """Look a category up by code, Chinese label or number (as typed in a CSV cell)."""
    return _BY_NAME.get(name.strip())


def checklist() -> tuple[Category, ...]:
    """The categories a reviewer must judge by hand (they cannot be lexicon terms)."""
    return tuple(c for c in CATEGORIES if c.needs_judgement)
