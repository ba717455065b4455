"""Reads of the visit counters: per column (its own page and its items, sub-columns into their
column) and per item, for a period. Three queries whatever the number of pages."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum
from wagtail.models import Page

from cms.compliance.models import DailyVisits
from columns.models import ColumnPage

GONE = "（已删除）"
HOME = "首页"


@dataclass(frozen=True)
class VisitRow:
    page_id: int | None
    title: str
    column: str
    department: str
    web: int
    api: int

    @property
    def total(self) -> int:
        return self.web + self.api


def _totals(start: date, end: date) -> dict[int, dict[str, int]]:
    rows = (
        DailyVisits.objects.filter(day__gte=start, day__lte=end)
        .values("page_id", "channel")
        .annotate(views=Sum("count"))
        .order_by()
    )
    totals: dict[int, dict[str, int]] = defaultdict(lambda: {"web": 0, "api": 0})
    for row in rows:
        totals[row["page_id"]][row["channel"]] = row["views"]
    return totals


def _columns() -> dict[str, dict]:
    """Columns by tree path, with their department; a sub-column points at its top column."""
    rows = ColumnPage.objects.values("path", "title", "responsible_department__name")
    return {row["path"]: row for row in rows}


def _column_of(path: str, columns: dict[str, dict]) -> dict | None:
    """The column a page is in (or is): the nearest ancestor-or-self that is a column."""
    for end in range(len(path), 0, -Page.steplen):
        if path[:end] in columns:
            return columns[path[:end]]
    return None


def visits_by_page(*, start: date, end: date) -> list[VisitRow]:
    """Every page with visits in the period, most visited first."""
    totals = _totals(start, end)
    pages = Page.objects.filter(pk__in=totals).values("pk", "title", "path", "depth")
    columns = _columns()
    rows = [_row(page, totals.pop(page["pk"]), columns) for page in pages]
    rows += [VisitRow(pk, GONE, "", "", v["web"], v["api"]) for pk, v in totals.items()]
    return sorted(rows, key=lambda row: (-row.total, row.title))


def _row(page, views, columns) -> VisitRow:
    column = _column_of(page["path"], columns)
    title = page["title"] if column or page["depth"] > 2 else HOME
    return VisitRow(
        page["pk"],
        title,
        column["title"] if column else "",
        column["responsible_department__name"] if column else "",
        views["web"],
        views["api"],
    )


def visits_by_column(rows: list[VisitRow]) -> list[VisitRow]:
    """The per-page rows summed per column (the home page and deleted pages apart)."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        key = (
            row.column or (row.title if row.title in (HOME, GONE) else "其他页面"),
            row.department,
        )
        sums[key][0] += row.web
        sums[key][1] += row.api
    result = [VisitRow(None, c, c, d, web, api) for (c, d), (web, api) in sums.items()]
    return sorted(result, key=lambda row: (-row.total, row.column))
