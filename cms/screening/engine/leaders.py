"""Leaders' names and titles (R-12): a wrong title is a single-veto "serious wording error".

The register lists each leader with the titles they hold or held (each valid from and to a
date) and their protocol order, and the persons who must no longer be presented as office-
holders from a date on (after a dismissal). Screening an item as of its date:

* every registered name is found, and the titles standing right next to it are read: before it
  ("区委副书记、区长张三", spaces or a colon between) or right after it ("张三区长",
  "张三同志（区委书记）"). A title is any title of the register, longest first;
* a title the person does not hold on that date blocks (another's title, or one not yet valid),
  with the right form; one the person held before warns, unless the text speaks of the past
  ("时任", "原", "曾任" before it);
* a dismissed person next to any title blocks from the date on, unless spoken of in the past;
* leaders named in one sentence out of protocol order warn the approver.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .matching import Matcher, build_matcher
from .model import Hit, RuleKind

# Between a title and the name it qualifies; and between two titles of one person.
NAME_SEPARATORS = frozenset(" \t\u3000:：")
TITLE_JOINERS = ("、", "兼", " ", "\u3000")
AFTER_NAME_OPENERS = ("同志", "（", "(", " ", "\u3000")
AFTER_NAME_CLOSERS = frozenset("）)")
PAST_MARKERS = ("时任", "曾任", "原任", "前任", "原", "前")
PAST_SENTENCE_MARKERS = ("时任", "曾任", "原任", "当时")
SENTENCE_ENDS = tuple("。！？；!?;\n")
REACH = 40  # characters read on either side of a name for its titles


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    valid_from: date | None = None
    valid_to: date | None = None  # inclusive; None: still held

    def held_on(self, day: date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_to is None or day <= self.valid_to)

    def ended_before(self, day: date) -> bool:
        return self.valid_to is not None and self.valid_to < day


@dataclass(frozen=True, slots=True)
class Leader:
    name: str
    titles: tuple[Title, ...] = ()
    order: int = 0  # protocol order: smaller comes first

    def titles_on(self, day: date) -> tuple[str, ...]:
        return tuple(t.title for t in self.titles if t.held_on(day))

    def right_form(self, day: date) -> str:
        held = self.titles_on(day)
        return f"{'、'.join(held)}{self.name}" if held else f"{self.name}（无现任职务）"


@dataclass(frozen=True, slots=True)
class Dismissed:
    name: str
    since: date
    titles: tuple[str, ...] = ()  # offices held before, so that they are recognised


@dataclass(frozen=True)
class LeaderRegister:
    """The compiled register: immutable, built once per process and register version."""

    leaders: tuple[Leader, ...]
    dismissed: tuple[Dismissed, ...]
    fingerprint: str
    names: tuple[str, ...] = field(repr=False)
    matcher: Matcher | None = field(repr=False)
    titles: frozenset[str] = field(repr=False)
    title_lengths: tuple[int, ...] = field(repr=False)
    by_name: dict[str, Leader] = field(repr=False)
    dismissed_by_name: dict[str, Dismissed] = field(repr=False)

    def leader(self, name: str) -> Leader | None:
        return self.by_name.get(name)

    def dismissal(self, name: str) -> Dismissed | None:
        return self.dismissed_by_name.get(name)


def register_fingerprint(leaders: Iterable[Leader], dismissed: Iterable[Dismissed]) -> str:
    rows = sorted(
        [p.name, p.order, sorted([t.title, str(t.valid_from), str(t.valid_to)] for t in p.titles)]
        for p in leaders
    )
    gone = sorted([p.name, str(p.since), sorted(p.titles)] for p in dismissed)
    payload = json.dumps([rows, gone], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def register_problems(leaders: Sequence[Leader], dismissed: Sequence[Dismissed]) -> list[str]:
    """What is wrong with a register (Chinese messages); empty when it is usable."""
    problems = []
    names = [p.name for p in leaders]
    problems += [f"领导“{n}”登记了两次" for n in sorted({n for n in names if names.count(n) > 1})]
    for person in leaders:
        problems += [
            f"领导“{person.name}”的职务“{t.title}”起始日期晚于终止日期"
            for t in person.titles
            if t.valid_from and t.valid_to and t.valid_from > t.valid_to
        ]
    problems += [f"姓名不能为空：{p!r}" for p in [*leaders, *dismissed] if not p.name.strip()]
    return problems


def compile_register(
    leaders: Iterable[Leader], dismissed: Iterable[Dismissed] = (), *, backend: str = "auto"
) -> LeaderRegister:
    people, gone = tuple(leaders), tuple(dismissed)
    if problems := register_problems(people, gone):
        raise ValueError("；".join(problems))
    names = tuple(dict.fromkeys([p.name for p in people] + [p.name for p in gone]))
    titles = frozenset(t.title for p in people for t in p.titles) | {
        t for p in gone for t in p.titles
    }
    titles = frozenset(t for t in titles if t)
    matcher = build_matcher(names, backend, longest=True)[1] if names else None
    lengths = tuple(sorted({len(t) for t in titles}, reverse=True))
    fingerprint = register_fingerprint(people, gone)
    by_name = {p.name: p for p in people}
    gone_by_name = {p.name: p for p in gone}
    return LeaderRegister(
        people, gone, fingerprint, names, matcher, titles, lengths, by_name, gone_by_name
    )


EMPTY_REGISTER = compile_register(())


# Reading the titles next to a name --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    start: int  # of the name
    end: int
    titles: tuple[tuple[str, int, int], ...]  # (title, start, end)
    past: bool  # spoken of in the past ("时任", "原" ...)

    @property
    def span(self) -> tuple[int, int]:
        starts = [self.start, *(s for _, s, _ in self.titles)]
        ends = [self.end, *(e for _, _, e in self.titles)]
        return min(starts), max(ends)


def _title_ending_at(register: LeaderRegister, text: str, end: int) -> str | None:
    for length in register.title_lengths:
        if length <= end and text[end - length : end] in register.titles:
            return text[end - length : end]
    return None


def _title_starting_at(register: LeaderRegister, text: str, start: int) -> str | None:
    for length in register.title_lengths:
        if text[start : start + length] in register.titles:
            return text[start : start + length]
    return None


def _titles_before(register: LeaderRegister, text: str, start: int) -> list[tuple[str, int, int]]:
    found, position = [], start
    while position > 0 and text[position - 1] in NAME_SEPARATORS and start - position < 3:
        position -= 1
    while (title := _title_ending_at(register, text, position)) is not None:
        found.append((title, position - len(title), position))
        position -= len(title)
        joiner = next((j for j in TITLE_JOINERS if text.endswith(j, 0, position)), "")
        if not joiner or _title_ending_at(register, text, position - len(joiner)) is None:
            break
        position -= len(joiner)
    return found


def _titles_after(register: LeaderRegister, text: str, end: int) -> list[tuple[str, int, int]]:
    position = end
    for opener in AFTER_NAME_OPENERS:
        if text.startswith(opener, position):
            position += len(opener)
    found = []
    while (title := _title_starting_at(register, text, position)) is not None:
        found.append((title, position, position + len(title)))
        position += len(title)
        joiner = next((j for j in TITLE_JOINERS if text.startswith(j, position)), "")
        if not joiner or _title_starting_at(register, text, position + len(joiner)) is None:
            break
        position += len(joiner)
    return found


def _spoken_of_in_past(text: str, start: int, sentence_start: int) -> bool:
    before = text[max(sentence_start, start - REACH) : start]
    return before.endswith(PAST_MARKERS) or any(m in before for m in PAST_SENTENCE_MARKERS)


def _names_found(register: LeaderRegister, text: str) -> list[tuple[str, int, int]]:
    """Registered names in ``text``, longest first where two overlap."""
    if register.matcher is None:
        return []
    found = register.matcher.find(text)
    if not found:
        return []
    found.sort(key=lambda m: (m[1], m[1] - m[2]))
    kept, reach = [], -1
    for index, start, end in found:
        if start >= reach:
            kept.append((register.names[index], start, end))
            reach = end
    return kept


class _Sentences:
    """Where the sentence holding a position starts (searched back from it, in C)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def start(self, position: int) -> int:
        return max(self._text.rfind(end, 0, position) for end in SENTENCE_ENDS) + 1


def mentions(register: LeaderRegister, text: str, names=None, sentences=None) -> list[Mention]:
    """Every registered name in ``text`` with the titles standing next to it."""
    sentences = sentences or _Sentences(text)
    result = []
    for name, start, end in _names_found(register, text) if names is None else names:
        before = _titles_before(register, text, start)
        titles = [*reversed(before), *_titles_after(register, text, end)]
        first = before[-1][1] if before else start
        past = _spoken_of_in_past(text, first, sentences.start(first))
        result.append(Mention(name, start, end, tuple(titles), past))
    return result


# The rules ---------------------------------------------------------------------------------


def _hit(kind: RuleKind, text: str, span: tuple[int, int], name: str, right: str, field_name: str):
    start, end = span
    return Hit(kind, "", name, text[start:end], start, end, right, field_name)


def _title_hit(leader: Leader, mention: Mention, text: str, day: date, field_name: str):
    held = leader.titles_on(day)
    for title, _, _ in mention.titles:
        if title in held:
            continue
        former = any(t.title == title and t.ended_before(day) for t in leader.titles)
        if former and mention.past:
            continue
        kind = RuleKind.LEADER_OUTDATED if former else RuleKind.LEADER_TITLE
        return _hit(kind, text, mention.span, leader.name, leader.right_form(day), field_name)
    return None


def _dismissed_hit(gone: Dismissed, mention: Mention, text: str, day: date, field_name: str):
    if day < gone.since or not mention.titles or mention.past:
        return None
    right = f"原{'、'.join(t for t, _, _ in mention.titles)}{gone.name}"
    return _hit(RuleKind.DISMISSED, text, mention.span, gone.name, right, field_name)


def _order_hits(register, found: list[Mention], text: str, sentences: _Sentences, field_name):
    by_sentence: dict[int, list[Mention]] = {}
    for mention in found:
        if register.leader(mention.name) is not None:
            by_sentence.setdefault(sentences.start(mention.start), []).append(mention)
    hits = []
    for group in by_sentence.values():
        people = [register.leader(n) for n in dict.fromkeys(m.name for m in group)]
        orders = [p.order for p in people]
        if len(people) > 1 and orders != sorted(orders):
            right = "、".join(p.name for p in sorted(people, key=lambda p: p.order))
            span = (group[0].start, group[-1].end)
            hits.append(_hit(RuleKind.LEADER_ORDER, text, span, people[0].name, right, field_name))
    return hits


def leader_hits(
    register: LeaderRegister, text: str, *, on: date, field: str = ""
) -> tuple[Hit, ...]:
    """The leaders rules' hits in one text, as of the item's date ``on``."""
    if not text or register.matcher is None:
        return ()
    names = _names_found(register, text)
    if not names:
        return ()
    sentences = _Sentences(text)
    found = mentions(register, text, names, sentences)
    hits = []
    for mention in found:
        gone = register.dismissal(mention.name)
        if gone is not None and on >= gone.since:
            hit = _dismissed_hit(gone, mention, text, on, field)
        else:
            leader = register.leader(mention.name)
            hit = _title_hit(leader, mention, text, on, field) if leader else None
        if hit is not None:
            hits.append(hit)
    hits += _order_hits(register, found, text, sentences, field)
    return tuple(sorted(hits, key=Hit.sort_key))
