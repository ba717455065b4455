"""Character folding tables: one character always folds to one character.

The fold of a character is, repeated until nothing changes: its NFKC form (full-width →
half-width, circled digits, Kangxi radicals, compatibility ideographs, ...), its case
fold, and its simplified form from OpenCC's traditional → simplified character table
(through ``opencc-purepy``, pure Python, offline). Results longer than one character
(e.g. "ß" → "ss") are not applied, so positions in a folded text equal the original's.

The tables are built once per process (about 0.3 s) by :func:`tables`.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

NOISE_CHAR_RE = re.compile(r"[\W_]")  # not a letter or digit: spaces, punctuation, symbols

HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x2F800, 0x2FA20))
OTHER_RANGES = (
    (0x0000, 0x3400),
    (0x4DC0, 0x4E00),
    (0xA000, 0xD800),
    (0xE000, 0xF900),
    (0xFB00, 0x10000),
    (0x1D400, 0x1D800),  # mathematical alphanumeric symbols
    (0x1F100, 0x1F200),  # enclosed alphanumeric supplement
)


def char_class(chars: list[str]) -> str:
    """A regular-expression class matching one of ``chars``, written with ranges."""
    codes = sorted(ord(c) for c in chars)
    groups = itertools.groupby(enumerate(codes), key=lambda pair: pair[1] - pair[0])
    runs = [[code for _, code in group] for _, group in groups]
    parts = (
        re.escape(chr(r[0])) + (f"-{re.escape(chr(r[-1]))}" if len(r) > 1 else "") for r in runs
    )
    return "[" + "".join(parts) + "]" if codes else "[^\\s\\S]"


def has_astral(text: str) -> bool:
    """True if ``text`` has characters beyond the BMP (cheap: one C-level encode)."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


@dataclass(frozen=True, slots=True)
class Folder:
    """Replace the characters of ``table`` in a text, touching nothing else.

    The regular-expression engine tests a BMP-only class against a bitmap, but a class
    with astral characters against a list of ranges: so astral characters get their own
    pattern, run only on texts that have any.
    """

    probe: re.Pattern[str]  # one BMP character to replace
    runs: re.Pattern[str]  # runs of BMP characters to replace
    astral: re.Pattern[str]  # runs of astral characters to replace
    table: dict[int, str]

    @classmethod
    def of(cls, mapping: dict[str, str]) -> Folder:
        bmp = char_class([c for c in mapping if ord(c) < 0x10000])
        astral = char_class([c for c in mapping if ord(c) >= 0x10000])
        table = {ord(k): v for k, v in mapping.items()}
        return cls(re.compile(bmp), re.compile(bmp + "+"), re.compile(astral + "+"), table)

    def __call__(self, text: str, astral: bool = True) -> str:
        if self.probe.search(text):
            text = self.runs.sub(self._replace, text)
        return self.astral.sub(self._replace, text) if astral else text

    def _replace(self, match: re.Match[str]) -> str:
        return match.group().translate(self.table)


@dataclass(frozen=True, slots=True)
class FoldTables:
    fold: dict[str, str]  # every character whose fold differs -> its fold
    text_folder: Folder  # the non-Han part of the fold, applied to texts
    han_folder: Folder  # the Han part of the fold (traditional -> simplified)
    variants: dict[str, tuple[str, ...]]  # folded Han char -> itself + Han chars folding to it
    bmp_noise: re.Pattern[str]  # NOISE_CHAR_RE for texts without astral characters


def _t2s_table() -> dict[str, str]:
    from opencc_purepy import OpenCC  # imported lazily: loading its dictionaries takes ~0.1 s

    # One character per line keeps phrase rules out; ~57k characters stay far below the
    # million from which opencc-purepy would start worker processes.
    chars = [chr(code) for low, high in HAN_RANGES for code in range(low, high)]
    converted = OpenCC("t2s").convert("\n".join(chars)).split("\n")
    pairs = zip(chars, converted, strict=True)
    return {old: new for old, new in pairs if old != new and len(new) == 1}


def _fold_step(char: str, t2s: dict[str, str]) -> str:
    compatible = unicodedata.normalize("NFKC", char)
    char = compatible if len(compatible) == 1 else char
    folded = char.casefold()
    char = folded if len(folded) == 1 else char
    return t2s.get(char, char)


def _full_fold(char: str, t2s: dict[str, str]) -> str:
    for _ in range(4):  # folds chain at most a couple of steps (e.g. NFKC, then t2s)
        folded = _fold_step(char, t2s)
        if folded == char:
            break
        char = folded
    return char


def _fold_map(ranges: tuple[tuple[int, int], ...], t2s: dict[str, str]) -> dict[str, str]:
    chars = (chr(code) for low, high in ranges for code in range(low, high))
    return {c: f for c in chars if (f := _full_fold(c, t2s)) != c}


def is_noise(char: str) -> bool:
    return NOISE_CHAR_RE.fullmatch(char) is not None


def _text_fold_map(other: dict[str, str]) -> dict[str, str]:
    # Noise folding to noise is cut out anyway: leaving it out spares full-width
    # punctuation a replacement each. BMP characters must stay in the BMP.
    return {
        c: f
        for c, f in other.items()
        if not (is_noise(c) and is_noise(f)) and (ord(c) >= 0x10000 or ord(f) < 0x10000)
    }


def _variants(han: dict[str, str]) -> dict[str, tuple[str, ...]]:
    found: defaultdict[str, list[str]] = defaultdict(list)
    for char, folded in han.items():
        found[folded].append(char)
    return {folded: (folded, *sorted(chars)) for folded, chars in found.items()}


@functools.cache
def tables() -> FoldTables:
    """Build the fold tables (once per process)."""
    t2s = _t2s_table()
    han, other = _fold_map(HAN_RANGES, t2s), _fold_map(OTHER_RANGES, t2s)
    bmp_noise = [chr(c) for c in range(0x10000) if is_noise(chr(c))]
    return FoldTables(
        fold={**other, **han},
        text_folder=Folder.of(_text_fold_map(other)),
        han_folder=Folder.of(han),
        variants=_variants(han),
        bmp_noise=re.compile(char_class(bmp_noise)),
    )


def fold_char(char: str) -> str:
    """The folded form of one character (itself when nothing applies)."""
    return tables().fold.get(char, char)
