"""Fixed formulations (规范表述): rules more general than a wrong → right pair.

An entry of kind ``formulation`` holds a regular expression (``term``) that finds the candidate
wordings and the required form (``suggestion``). A candidate that lies inside an occurrence of
the required form is right; any other blocks, with the required form as the right one. So one
rule covers both shapes the regulation's wording rules take:

* a pattern with a required form: ``习近平.{0,8}思想`` → ``习近平新时代中国特色社会主义思想``
  finds "习近平新时代思想" and leaves the full name alone;
* a phrase that must be quoted in full: ``不忘初心`` → ``不忘初心、牢记使命`` finds the first
  half standing alone.

Patterns are Python regular expressions, matched on the original text; whitespace in a match is
ignored when it is compared with the required form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_PATTERN_LENGTH = 100


def formulation_problem(pattern: str, required: str) -> str | None:
    """Why a formulation rule is invalid (Chinese), or None."""
    if not required.strip():
        return "规范表述必须填写规范写法（suggestion 列）"
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return f"规范表述的匹配式“{pattern}”不是有效的正则表达式：{error}"
    if compiled.fullmatch(""):
        return f"规范表述的匹配式“{pattern}”能匹配空文字，会处处报错"
    return None


def compile_formulation(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _inside_required(text: str, start: int, end: int, required: str) -> bool:
    """Does an occurrence of ``required`` cover ``text[start:end]``? It starts at p with
    end - len(required) <= p <= start."""
    position = text.find(required, max(0, end - len(required)), start + len(required))
    return position != -1 and position <= start


def formulation_spans(
    pattern: re.Pattern[str], required: str, text: str
) -> Iterator[tuple[int, int]]:
    """(start, end) of every candidate of ``pattern`` in ``text`` that breaks the rule."""
    for match in pattern.finditer(text):
        start, end = match.span()
        if start == end or _squeezed(match.group()) == _squeezed(required):
            continue
        if not _inside_required(text, start, end, required):
            yield start, end
