"""Multi-pattern matching in time linear in the text, whatever the lexicon size.

Two interchangeable Aho-Corasick backends report every (overlapping) occurrence as
``(pattern index, start, end)``:

* ``rust``: the ``ahocorasick-rs`` package (Rust, wheels for x86-64 and aarch64);
* ``python``: a small pure-Python automaton, used when ``ahocorasick-rs`` cannot be
  imported; about 10x slower but portable and giving the same results.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Protocol

try:
    import ahocorasick_rs
except ImportError:  # pragma: no cover - exercised in a subprocess by the tests
    ahocorasick_rs = None

Match = tuple[int, int, int]  # (pattern index, start, end)


class Matcher(Protocol):
    def find(self, text: str) -> list[Match]: ...


class RustMatcher:
    __slots__ = ("_automaton", "_overlapping")

    def __init__(self, patterns: Sequence[str], *, longest: bool = False) -> None:
        self._overlapping = not longest
        options = {}
        if longest:  # leftmost-longest, non-overlapping: a DFA, several times faster
            options = {
                "matchkind": ahocorasick_rs.MatchKind.LeftmostLongest,
                "implementation": ahocorasick_rs.Implementation.DFA,
            }
        automaton = ahocorasick_rs.AhoCorasick(list(patterns), **options) if patterns else None
        self._automaton = automaton

    def find(self, text: str) -> list[Match]:
        if self._automaton is None:
            return []
        if not self._overlapping:
            return self._automaton.find_matches_as_indexes(text)
        return self._automaton.find_matches_as_indexes(text, overlapping=True)


class PythonMatcher:
    """A textbook Aho-Corasick automaton with dictionary-suffix outputs merged per state."""

    __slots__ = ("_goto", "_fail", "_out", "_lengths")

    def __init__(self, patterns: Sequence[str]) -> None:
        self._goto: list[dict[str, int]] = [{}]
        self._out: list[tuple[int, ...]] = [()]
        self._lengths = [len(p) for p in patterns]
        for index, pattern in enumerate(patterns):
            self._insert(index, pattern)
        self._fail = self._link()

    def _insert(self, index: int, pattern: str) -> None:
        state = 0
        for char in pattern:
            if char not in self._goto[state]:
                self._goto[state][char] = len(self._goto)
                self._goto.append({})
                self._out.append(())
            state = self._goto[state][char]
        self._out[state] += (index,)

    def _link(self) -> list[int]:
        fail = [0] * len(self._goto)
        queue = deque(self._goto[0].values())
        while queue:
            state = queue.popleft()
            for char, child in self._goto[state].items():
                fail[child] = self._next(fail, fail[state], char) if state else 0
                self._out[child] += self._out[fail[child]]
                queue.append(child)
        return fail

    def _next(self, fail: list[int], state: int, char: str) -> int:
        while state and char not in self._goto[state]:
            state = fail[state]
        return self._goto[state].get(char, 0)

    def find(self, text: str) -> list[Match]:
        found: list[Match] = []
        state, goto, out, lengths = 0, self._goto, self._out, self._lengths
        for end, char in enumerate(text, 1):
            state = (
                self._next(self._fail, state, char)
                if char not in goto[state]
                else goto[state][char]
            )
            found.extend((index, end - lengths[index], end) for index in out[state])
        return found


def available_backends() -> tuple[str, ...]:
    return ("rust", "python") if ahocorasick_rs is not None else ("python",)


def build_matcher(
    patterns: Sequence[str], backend: str = "auto", *, longest: bool = False
) -> tuple[str, Matcher]:
    """Build a matcher; ``backend`` is "auto" (rust when importable), "rust" or "python".

    ``longest`` lets the rust backend report only leftmost-longest, non-overlapping matches;
    the python one still reports all, so callers that ask for it must drop overlaps too."""
    name = available_backends()[0] if backend == "auto" else backend
    if name not in available_backends():
        raise ValueError(f"匹配引擎“{backend}”不可用，可用：{'、'.join(available_backends())}")
    if name == "rust":
        return name, RustMatcher(patterns, longest=longest)
    return name, PythonMatcher(patterns)
