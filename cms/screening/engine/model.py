"""Plain value objects of the screening engine: lexicon entries, hits and verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .categories import category


class EntryKind(StrEnum):
    FORBIDDEN = "forbidden"  # blocks publication; carries one of the 13 categories
    WRONG_FORM = "wrong_form"  # serious wording error; blocks, carries the right form
    SENSITIVE = "sensitive"  # does not block; raises the item to the minister's sign-off
    ALLOW = "allow"  # allow-listed phrase: hits lying fully inside it are dropped
    # A fixed formulation (规范表述): ``term`` is a regular expression finding the candidates,
    # ``suggestion`` the required form; a candidate not lying inside that form blocks.
    FORMULATION = "formulation"


class RuleKind(StrEnum):
    """Hits of the leaders register (``leaders.py``), which are not lexicon entries."""

    LEADER_TITLE = "leader_title"  # a title the person does not hold on the item's date: blocks
    DISMISSED = "dismissed"  # a dismissed person presented as an office-holder: blocks
    LEADER_OUTDATED = "leader_outdated"  # a title the person held before: warns
    LEADER_ORDER = "leader_order"  # leaders named out of protocol order: warns


KIND_LABELS: dict[EntryKind, str] = {
    EntryKind.FORBIDDEN: "禁用词",
    EntryKind.WRONG_FORM: "严重表述错误",
    EntryKind.SENSITIVE: "敏感提示",
    EntryKind.ALLOW: "白名单",
    EntryKind.FORMULATION: "规范表述",
}
RULE_LABELS: dict[RuleKind, str] = {
    RuleKind.LEADER_TITLE: "领导职务错误",
    RuleKind.DISMISSED: "免职人员职务",
    RuleKind.LEADER_OUTDATED: "职务已变更",
    RuleKind.LEADER_ORDER: "领导排序",
}
HIT_KIND_LABELS: dict[str, str] = {**KIND_LABELS, **RULE_LABELS}
BLOCKING_KINDS = frozenset(
    {EntryKind.FORBIDDEN, EntryKind.WRONG_FORM, EntryKind.FORMULATION}
    | {RuleKind.LEADER_TITLE, RuleKind.DISMISSED}
)
WARNING_KINDS = frozenset({RuleKind.LEADER_OUTDATED, RuleKind.LEADER_ORDER})
_KIND_ORDER = {kind: i for i, kind in enumerate([*EntryKind, *RuleKind])}
_KIND_VALUES = frozenset(kind.value for kind in EntryKind)


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry, as typed by an editor (a Django model row can map onto it).

    Surrounding whitespace is stripped; a kind given as a plain string becomes EntryKind.
    """

    kind: EntryKind
    term: str
    category: str = ""  # category code; required for FORBIDDEN, optional for SENSITIVE
    suggestion: str = ""  # the right form; WRONG_FORM only
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.kind, EntryKind) and self.kind in _KIND_VALUES:
            object.__setattr__(self, "kind", EntryKind(self.kind))  # e.g. from a model field
        for name in ("term", "category", "suggestion", "note"):
            object.__setattr__(self, name, (getattr(self, name) or "").strip())

    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (str(self.kind), self.category, self.term, self.suggestion, self.note)


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon entry found in a text; start/end index the ORIGINAL text (end exclusive)."""

    kind: EntryKind | RuleKind
    category: str
    term: str
    matched: str
    start: int
    end: int
    suggestion: str = ""
    field: str = ""
    # A check other than the lexicon (hidden links, cms.compliance) words its own message.
    note: str = ""

    @property
    def category_label(self) -> str:
        return category(self.category).label if self.category else ""

    @property
    def message(self) -> str:
        return self.note or hit_message(self)

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.start, self.end, _KIND_ORDER[self.kind], self.term)


@dataclass(frozen=True, slots=True)
class Verdict:
    hits: tuple[Hit, ...] = ()

    @property
    def blocks(self) -> bool:
        """True when any hit forbids publication (a forbidden term, a wrong form or formulation,
        a wrong leader title, a dismissed person presented as an office-holder)."""
        return any(hit.kind in BLOCKING_KINDS for hit in self.hits)

    @property
    def needs_minister(self) -> bool:
        """True when any sensitive marker was found: the minister must sign off."""
        return any(hit.kind is EntryKind.SENSITIVE for hit in self.hits)

    @property
    def warnings(self) -> tuple[Hit, ...]:
        """Hits that neither block nor need the minister: for the approver's attention."""
        return tuple(hit for hit in self.hits if hit.kind in WARNING_KINDS)

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(hit.message for hit in self.hits)

    @property
    def summary(self) -> str:
        return verdict_summary(self)


def _where(hit: Hit) -> str:
    place = f"第{hit.start + 1}字处"
    return f"“{hit.field}”{place}" if hit.field else place


_RULE_MESSAGES = {
    RuleKind.LEADER_TITLE: "【领导职务错误】{where}{found}职务有误，应为“{right}”，"
    "须更正后方可发布。",
    RuleKind.DISMISSED: "【免职人员】{where}{found}：该人员已不得以现任职务称呼，"
    "须删除职务或写作“{right}”。",
    RuleKind.LEADER_OUTDATED: "【职务已变更】{where}{found}不是其在信息日期的职务，"
    "现应为“{right}”；如系回顾往事请写明“时任”。",
    RuleKind.LEADER_ORDER: "【领导排序】{where}领导同志的排列顺序不符合排序，应为“{right}”，"
    "请审核人注意。",
    EntryKind.FORMULATION: "【规范表述】{where}{found}应为“{right}”，须更正后方可发布。",
}


def hit_message(hit: Hit) -> str:
    """A one-line Chinese explanation of a hit for editors."""
    where, found = _where(hit), f"“{' '.join(hit.matched.split())}”"  # keep it on one line
    if hit.kind in _RULE_MESSAGES:
        return _RULE_MESSAGES[hit.kind].format(where=where, found=found, right=hit.suggestion)
    if hit.kind is EntryKind.FORBIDDEN:
        return f"【禁用词】{where}{found}属于“{hit.category_label}”类禁止内容，须删除或修改。"
    if hit.kind is EntryKind.WRONG_FORM:
        return f"【严重表述错误】{where}{found}应为“{hit.suggestion}”，须更正后方可发布。"
    topic = f"（{hit.category_label}）" if hit.category else ""
    return f"【敏感提示】{where}{found}涉及敏感内容“{hit.term}”{topic}，须报部长审签。"


def verdict_summary(verdict: Verdict) -> str:
    """A one-line Chinese conclusion for the whole screened item."""
    if not verdict.hits:
        return "未发现禁用词、严重表述错误或敏感内容。"
    count = f"共发现{len(verdict.hits)}处问题"
    if not (verdict.blocks or verdict.needs_minister):
        return f"{count}，均为提示（领导职务或排序），请审核人核实。"
    if verdict.blocks and verdict.needs_minister:
        return f"{count}，存在禁用词或严重表述错误，不得发布；另含敏感内容，改正后须报部长审签。"
    if verdict.blocks:
        return f"{count}，存在禁用词或严重表述错误，不得发布。"
    return f"{count}，含敏感内容，须报部长审签后方可发布。"
