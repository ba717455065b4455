"""CSV and XLSX files that Chinese office spreadsheets open correctly and safely: CSV as UTF-8
with a BOM (or Excel reads the Chinese as GBK), times in the office's own format, and text that
a spreadsheet would run as a formula ("=", "+", "-", "@", tab, return) defused. Every export of
the project (audit, release log, assessment) writes through these functions."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


@dataclass(frozen=True)
class TimeFormat:
    text: str  # strftime, for CSV
    excel: str  # number format, for XLSX


SECONDS = TimeFormat("%Y-%m-%d %H:%M:%S", "yyyy-mm-dd hh:mm:ss")
MINUTES = TimeFormat("%Y-%m-%d %H:%M", "yyyy-mm-dd hh:mm")


def csv_text(value, time: TimeFormat = SECONDS) -> str:
    """One CSV field: empty for None, office format for times, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(time.text)
    if isinstance(value, int | float | Decimal):
        return str(value)
    return formula_safe(str(value))


def formula_safe(text: str) -> str:
    """``text`` as a cell a spreadsheet shows and never runs: a leading "'" before "=" etc."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    """A file that hands back what is written, so csv.writer yields lines one at a time."""

    def write(self, value):
        return value


def csv_lines(
    headings: Iterable, rows: Iterable[Sequence], time: TimeFormat = SECONDS
) -> Iterator[str]:
    """The file as lines, BOM first, for a streaming response or for joining."""
    writer = csv.writer(_Echo())
    yield BOM
    yield writer.writerow([str(heading) for heading in headings])
    for values in rows:
        yield writer.writerow([csv_text(value, time) for value in values])


def _formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def xlsx_cell(sheet, value, *, font=None, fill=None, time: TimeFormat = SECONDS):
    """The value itself where no style is needed (openpyxl writes plain values fastest)."""
    if isinstance(value, Decimal):
        value = float(value)
    if not (font or fill or isinstance(value, datetime) or _formula_like(value)):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = time.excel
    elif _formula_like(value):
        cell.data_type = "s"  # openpyxl would store a user's title as a formula
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def xlsx_bytes(
    *,
    title: str,
    headings: Iterable,
    rows: Iterable[Sequence],
    widths: Sequence[int] = (),
    time: TimeFormat = SECONDS,
    fills: Iterable[PatternFill | None] | None = None,
    filled_cells: int = 0,
) -> bytes:
    """One sheet named ``title`` with bold headings. ``fills`` gives each row a fill (or None)
    for its first ``filled_cells`` cells."""
    workbook = Workbook(write_only=True)
    xlsx_sheet(workbook, title, headings, rows, widths, time, fills, filled_cells)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_book_bytes(sheets: Iterable[dict]) -> bytes:
    """Several sheets in one file: each dict holds ``xlsx_bytes``'s keyword arguments."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        xlsx_sheet(workbook, **sheet)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_sheet(
    workbook,
    title: str,
    headings: Iterable,
    rows: Iterable[Sequence],
    widths: Sequence[int] = (),
    time: TimeFormat = SECONDS,
    fills: Iterable[PatternFill | None] | None = None,
    filled_cells: int = 0,
) -> None:
    sheet = workbook.create_sheet(title=str(title)[:31])  # Excel's limit for sheet names
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([xlsx_cell(sheet, str(heading), font=bold) for heading in headings])
    row_fills = iter(fills) if fills is not None else None
    for values in rows:
        fill = next(row_fills) if row_fills is not None else None
        sheet.append(
            [
                xlsx_cell(sheet, value, fill=fill if index < filled_cells else None, time=time)
                for index, value in enumerate(values)
            ]
        )
