"""The compiled, immutable lexicon: validated entries plus their matching automata."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .categories import category as get_category
from .formulation import compile_formulation, formulation_problem
from .matching import Match, Matcher, build_matcher
from .model import KIND_LABELS, Entry, EntryKind
from .normalize import MAX_SPELLINGS, fold_han, normalize_term, spelling_count, spellings

# Bump when normalisation or matching changes what a lexicon finds: it salts fingerprints.
ENGINE_VERSION = "1"


class LexiconError(ValueError):
    """Invalid lexicon entries; ``problems`` holds one Chinese message per bad entry."""

    headline = "词库有误，未作任何更改："

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join([self.headline, *self.problems]))


def _kind_problem(entry: Entry) -> str | None:
    if entry.kind in KIND_LABELS:
        return None
    names = "、".join(f"{kind.value}（{label}）" for kind, label in KIND_LABELS.items())
    return f"类型“{entry.kind}”无效，应为{names}之一"


def _category_problem(entry: Entry) -> str | None:
    if not entry.category:
        return (
            "禁用词必须填写类别（13类禁止内容之一）" if entry.kind is EntryKind.FORBIDDEN else None
        )
    if entry.kind in (EntryKind.WRONG_FORM, EntryKind.ALLOW, EntryKind.FORMULATION):
        return f"{KIND_LABELS[entry.kind]}不填写类别"
    try:
        found = get_category(entry.category)
    except KeyError:
        return f"类别“{entry.category}”不存在，应为13类禁止内容的代码、名称或序号"
    if entry.kind is EntryKind.FORBIDDEN and found.needs_judgement:
        return f"类别“{found.label}”须人工研判，不能设禁用词；标记词请改为 sensitive（敏感提示）"
    return None


def _suggestion_problem(entry: Entry) -> str | None:
    if entry.kind is EntryKind.FORMULATION:
        return formulation_problem(entry.term, entry.suggestion)
    if entry.kind is not EntryKind.WRONG_FORM:
        if entry.suggestion:
            return "只有 wrong_form（严重表述错误）和 formulation（规范表述）可填写正确写法"
        return None
    right, wrong = normalize_term(entry.suggestion), normalize_term(entry.term)
    if not right:
        return "严重表述错误必须填写正确写法（suggestion 列）"
    if wrong in right:
        return f"错误写法“{entry.term}”包含在正确写法“{entry.suggestion}”中，会把正确写法误报为错误"
    return None


def entry_problem(entry: Entry) -> str | None:
    """Why an entry is invalid (a Chinese message), or None when it is valid."""
    if problem := _kind_problem(entry):
        return problem
    if not normalize_term(entry.term):
        return "词条为空，或只含空格、标点符号"
    return _category_problem(entry) or _suggestion_problem(entry)


def duplicate_of(entries: Sequence[Entry]) -> dict[int, int]:
    """Map the index of each repeated entry (same kind, same normalised term) to the first."""
    first: dict[tuple[str, str], int] = {}
    repeats: dict[int, int] = {}
    for index, entry in enumerate(entries):
        key = (str(entry.kind), normalize_term(entry.term))
        if key in first:
            repeats[index] = first[key]
        else:
            first[key] = index
    return repeats


def numbered_problems(
    entries: Sequence[Entry], numbers: Sequence[int], unit: str = "条"
) -> list[tuple[int, str]]:
    """(number, problem) for every bad entry; entry ``i`` is called 第{numbers[i]}{unit}."""
    problems = [
        (numbers[i], p) for i, e in enumerate(entries) if (p := entry_problem(e)) is not None
    ]
    repeats = duplicate_of(entries).items()
    problems += [
        (numbers[i], f"与第{numbers[j]}{unit}重复（规范化后词条相同）") for i, j in repeats
    ]
    return sorted(problems)


def entry_problems(entries: Sequence[Entry]) -> list[str]:
    """All problems of a list of entries as Chinese messages ("第3条：...")."""
    problems = numbered_problems(entries, range(1, len(entries) + 1))
    return [f"第{number}条：{problem}" for number, problem in problems]


def entry_key(entry: Entry) -> tuple[str, str]:
    """What makes two entries the same entry: the kind and the normalised term."""
    return (str(entry.kind), normalize_term(entry.term))


def entries_removed(current: Iterable[Entry], incoming: Iterable[Entry]) -> tuple[Entry, ...]:
    """The entries of ``current`` that ``incoming`` does not carry: what replacing ``current``
    by ``incoming`` removes."""
    kept = {entry_key(entry) for entry in incoming}
    return tuple(entry for entry in current if entry_key(entry) not in kept)


def lexicon_fingerprint(entries: Iterable[Entry]) -> str:
    """sha256 of the sorted entries (and the engine version): equal lists, equal prints."""
    rows = sorted(entry.sort_key() for entry in entries)
    payload = json.dumps([ENGINE_VERSION, rows], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Automaton:
    """A matcher over unique patterns, and the entry indices each pattern stands for."""

    matcher: Matcher
    owners: tuple[tuple[int, ...], ...]

    def find(self, text: str) -> list[Match]:
        owners = self.owners
        return [(e, s, t) for p, s, t in self.matcher.find(text) for e in owners[p]]


def _automaton(pattern_owners: dict[str, list[int]], backend: str) -> tuple[str, Automaton]:
    name, matcher = build_matcher(list(pattern_owners), backend)
    return name, Automaton(matcher, tuple(tuple(v) for v in pattern_owners.values()))


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: tuple[Entry, ...]
    fingerprint: str
    backend: str
    direct: Automaton = field(repr=False)  # terms expanded into all their spellings
    folded: Automaton | None = field(repr=False)  # terms with too many spellings, if any
    # (entry index, compiled pattern) of the fixed formulations, matched on the original text
    formulations: tuple[tuple[int, re.Pattern[str]], ...] = field(default=(), repr=False)

    def find(self, compact: str) -> list[Match]:
        """(entry index, start, end) of every occurrence in a compact, text-folded string."""
        found = self.direct.find(compact)
        return found if self.folded is None else found + self.folded.find(fold_han(compact))


def _patterns(entries: Sequence[Entry]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    direct: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        if entry.kind is EntryKind.FORMULATION:
            continue
        term = normalize_term(entry.term)
        if spelling_count(term) > MAX_SPELLINGS:
            folded.setdefault(term, []).append(index)
            continue
        for spelling in spellings(term):
            direct.setdefault(spelling, []).append(index)
    return direct, folded


def compile_lexicon(entries: Iterable[Entry], *, backend: str = "auto") -> Lexicon:
    """Validate entries and build an immutable lexicon; raise LexiconError if any is bad."""
    given = tuple(entries)
    if problems := entry_problems(given):
        raise LexiconError(problems)
    ordered = tuple(sorted(given, key=Entry.sort_key))
    direct, folded = _patterns(ordered)
    name, direct_automaton = _automaton(direct, backend)
    folded_automaton = _automaton(folded, backend)[1] if folded else None
    fingerprint = lexicon_fingerprint(ordered)
    formulations = tuple(
        (index, compile_formulation(entry.term))
        for index, entry in enumerate(ordered)
        if entry.kind is EntryKind.FORMULATION
    )
    return Lexicon(ordered, fingerprint, name, direct_automaton, folded_automaton, formulations)
