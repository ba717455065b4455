"""CSV import and export of lexicon entries, and the shipped default lexicon.

Columns: ``kind, category, term, suggestion, note`` (``kind`` and ``term`` required, any
order). Kinds and categories may be typed as codes or as their Chinese names (categories
also by number, 1-13). An import either returns every entry or raises
:class:`LexiconImportError` listing each bad row ("第N行：..."), the header being row 1.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable
from importlib import resources

from .categories import find_category
from .lexicon import Lexicon, LexiconError, compile_lexicon, numbered_problems
from .model import KIND_LABELS, Entry

COLUMNS = ("kind", "category", "term", "suggestion", "note")
REQUIRED_COLUMNS = ("kind", "term")
_KIND_NAMES = {**{k.value: k for k in KIND_LABELS}, **{v: k for k, v in KIND_LABELS.items()}}
_BOMS = (b"\xff\xfe", b"\xfe\xff")
# The release of the shipped ``default_lexicon.csv``, named in the lexicon version that stores
# it on a site: bump it with every change of that file.
DEFAULT_LEXICON_RELEASE = "2026.1"


class LexiconImportError(LexiconError):
    """A rejected CSV import; nothing of it was taken."""

    headline = "词库导入失败，未导入任何词条："


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(_BOMS):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:  # Excel in Chinese locales saves CSV as GBK / GB18030
        return data.decode("gb18030", errors="strict")


def _trimmed(row: list[str]) -> list[str]:
    """The stripped cells of a row, without trailing empty ones (spreadsheets add them)."""
    cells = [cell.strip() for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _read_rows(data: str | bytes) -> list[list[str]]:
    try:
        return [_trimmed(row) for row in csv.reader(io.StringIO(_decode(data), newline=""))]
    except (UnicodeDecodeError, csv.Error) as error:
        raise LexiconImportError(
            [f"无法读取 CSV 文件（请用 UTF-8 或 GBK 编码保存）：{error}"]
        ) from None


def _header_problems(header: list[str]) -> list[str]:
    unknown = [name for name in header if name and name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    allowed = "、".join(COLUMNS)
    return (
        [f"第1行：未知的列“{name}”，表头只能是 {allowed}" for name in unknown]
        + [f"第1行：缺少必填列“{name}”" for name in missing]
        + [f"第1行：列“{name}”重复" for name in repeated]
        + (["第1行：表头中有空白的列名"] if "" in header else [])
    )


def _entry(cells: dict[str, str]) -> Entry:
    kind = _KIND_NAMES.get(cells.get("kind", ""), cells.get("kind", ""))
    category = cells.get("category", "")
    found = find_category(category) if category else None
    return Entry(
        kind=kind,
        term=cells.get("term", ""),
        category=found.code if found else category,
        suggestion=cells.get("suggestion", ""),
        note=cells.get("note", ""),
    )


def _body_problems(
    header: list[str], numbered: list[tuple[int, list[str]]]
) -> list[tuple[int, str]]:
    return [
        (number, f"列数（{len(row)}）多于表头（{len(header)}）")
        for number, row in numbered
        if len(row) > len(header)
    ]


def import_csv(data: str | bytes) -> tuple[Entry, ...]:
    """Parse a lexicon CSV (text, or bytes in UTF-8/GBK/UTF-16) into validated entries.

    Cells are stripped; blank rows and trailing empty cells are ignored.
    """
    rows = _read_rows(data)
    if not rows:
        raise LexiconImportError(["文件为空，没有表头"])
    header = [name.lower() for name in rows[0]]
    if problems := _header_problems(header):
        raise LexiconImportError(problems)
    numbered = [(n, row) for n, row in enumerate(rows[1:], 2) if row]
    entries = [_entry(dict(zip(header, row, strict=False))) for _, row in numbered]
    found = _body_problems(header, numbered)
    found += numbered_problems(entries, [n for n, _ in numbered], unit="行")
    if found or not entries:
        raise LexiconImportError(
            [f"第{n}行：{p}" for n, p in sorted(found)] or ["文件中没有任何词条"]
        )
    return tuple(entries)


def export_csv(entries: Iterable[Entry]) -> str:
    """Entries as CSV text (encode as "utf-8-sig" for Excel); import_csv reads it back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow([str(e.kind), e.category, e.term, e.suggestion, e.note])
    return out.getvalue()


def default_entries() -> tuple[Entry, ...]:
    """The entries of the shipped ``default_lexicon.csv``."""
    return import_csv(resources.files(__package__).joinpath("default_lexicon.csv").read_bytes())


@functools.cache
def default_lexicon() -> Lexicon:
    """The shipped default lexicon, compiled once per process."""
    return compile_lexicon(default_entries())
