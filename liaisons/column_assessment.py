"""Column assessment (栏目考核, R-21): per responsible department and column, for a month, a
quarter or a year.

Three queries whatever the number of items: the live columns, the contribution records grouped
by column with conditional counts (submitted and released by form, rejected), and the last
release of each column's items up to the reference day. Scores come from
``scoring.column_score``.

Counting: an item counts as submitted in the period of its first submission, as released in the
period of its first release and as rejected in the period of its first rejection. A column's
last update is its items' latest release in the release log (its sub-columns included;
``workflows.release_dates``, the definition 栏目更新监测 and the API share) up to the reference
day: the period's last day, or today while the period runs. A column never updated by then is
empty.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q

from cms.core.conf import get_setting
from cms.core.office_time import day_start, office_day, office_today
from columns.models import ColumnKind, ColumnPage
from liaisons import scoring
from liaisons.models import Contribution
from liaisons.periods import Period, reference_day
from liaisons.selectors import row_from_json, year_scheme
from workflows import release_dates

FORMS = scoring.FORMS
TOTAL_LABEL = "部门合计"


@dataclass(frozen=True)
class ColumnRow:
    department_id: int | None
    department: str
    column_id: int | None
    column: str
    column_kind: str
    interval_days: int | None
    submitted_text: int
    submitted_pictures: int
    submitted_video: int
    submitted_document: int
    released_text: int
    released_pictures: int
    released_video: int
    released_document: int
    rejected: int
    last_update: datetime | None
    days_overdue: int | None
    empty_columns: int
    stale_columns: int
    base: Decimal
    items: Decimal
    overdue_deduction: Decimal
    empty_deduction: Decimal
    score: Decimal
    is_total: bool = False

    @property
    def submitted(self) -> int:
        return sum(getattr(self, f"submitted_{form}") for form in FORMS)

    @property
    def released(self) -> int:
        return sum(getattr(self, f"released_{form}") for form in FORMS)

    @property
    def rejection_rate(self) -> Decimal | None:
        return scoring.rejection_rate(rejected=self.rejected, submitted=self.submitted)

    @property
    def empty(self) -> bool:
        return bool(self.empty_columns) and not self.is_total


@dataclass(frozen=True)
class ColumnAssessment:
    period: Period
    origin: str
    reference_day: date
    rows: tuple[ColumnRow, ...]
    departments: tuple[ColumnRow, ...]
    closed: bool = False

    def export_rows(self) -> list[ColumnRow]:
        """Each department's columns followed by its total, the layout of the spreadsheets."""
        out = []
        for total in self.departments:
            out += [row for row in self.rows if row.department_id == total.department_id]
            out.append(total)
        return out


def column_assessment(
    *, period: Period, today: date | None = None, department_id: int | None = None
) -> ColumnAssessment:
    chosen = year_scheme(period.year)
    if chosen.closed is not None and period.kind == "year":
        assessment = assessment_from_json(period, chosen.origin, chosen.closed.columns)
    else:
        reference = reference_day(period, today or office_today())
        rows = column_rows(chosen.scheme, period, reference)
        assessment = _assessment(period, chosen.origin, reference, rows)
    return only_department(assessment, department_id) if department_id else assessment


def column_rows(scheme, period: Period, reference: date) -> list[ColumnRow]:
    columns = list(live_columns())
    counts = _counts(period)
    until = day_start(reference + timedelta(days=1))
    latest = latest_with_subcolumns(columns, release_dates.last_release_by_parent(until=until))
    return [
        _row(scheme, column, counts.get(column["pk"], {}), latest[column["pk"]], reference)
        for column in columns
    ]


def live_columns():
    return (
        ColumnPage.objects.filter(live=True)
        .order_by("responsible_department__sort_order", "responsible_department__name", "path")
        .values(
            "pk",
            "title",
            "path",
            "column_kind",
            "update_interval_days",
            "responsible_department_id",
            "responsible_department__name",
        )
    )


def _in(field: str, start: datetime, end: datetime) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _counts(period: Period) -> dict[int, dict]:
    start, end = day_start(period.start), day_start(period.end)
    aggregates = {}
    for form in FORMS:
        for kind, field in (("submitted", "submitted_at"), ("released", "released_at")):
            in_period = Q(content_form=form) & _in(field, start, end)
            aggregates[f"{kind}_{form}"] = Count("pk", filter=in_period)
    aggregates["rejected"] = Count("pk", filter=_in("rejected_at", start, end))
    rows = (
        Contribution.objects.filter(column_id__isnull=False)
        .values("column_id")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("column_id"): row for row in rows}


def latest_with_subcolumns(columns, own_latest: dict[str, datetime | None]) -> dict:
    """Each column's last update, by pk, from the latest updates of the items under each parent
    path: a column shows its sub-columns' items too, so their newest is its last update."""
    dated = [(path, when) for path, when in own_latest.items() if when]
    return {
        column["pk"]: max(
            (when for path, when in dated if path.startswith(column["path"])), default=None
        )
        for column in columns
    }


def interval_of(column) -> int:
    days = column["update_interval_days"]
    return days or get_setting("UPDATE_INTERVAL_DAYS")[column["column_kind"]]


def _row(scheme, column, counts: dict, last_update, reference: date) -> ColumnRow:
    interval = interval_of(column)
    since = (reference - office_day(last_update)).days if last_update else None
    overdue = scoring.days_overdue(days_since_update=since, interval_days=interval)
    released = {form: counts.get(f"released_{form}", 0) for form in FORMS}
    score = scoring.column_score(
        scheme, released=released, overdue_days=overdue, empty=last_update is None
    )
    return ColumnRow(
        department_id=column["responsible_department_id"],
        department=column["responsible_department__name"],
        column_id=column["pk"],
        column=column["title"],
        column_kind=str(ColumnKind(column["column_kind"]).label),
        interval_days=interval,
        **{f"submitted_{form}": counts.get(f"submitted_{form}", 0) for form in FORMS},
        **{f"released_{form}": released[form] for form in FORMS},
        rejected=counts.get("rejected", 0),
        last_update=last_update,
        days_overdue=overdue,
        empty_columns=int(last_update is None),
        stale_columns=int(bool(overdue)),
        base=score.base,
        items=score.items,
        overdue_deduction=score.overdue_deduction,
        empty_deduction=score.empty_deduction,
        score=score.total,
    )


SUMMED = (
    *(f"submitted_{form}" for form in FORMS),
    *(f"released_{form}" for form in FORMS),
    "rejected",
    "empty_columns",
    "stale_columns",
    "base",
    "items",
    "overdue_deduction",
    "empty_deduction",
    "score",
)


def department_total(rows: list[ColumnRow]) -> ColumnRow:
    """The department's line: sums, its latest update; it feeds the annual assessment (R-21)."""
    first = rows[0]
    updates = [row.last_update for row in rows if row.last_update]
    return replace(
        first,
        column_id=None,
        column=TOTAL_LABEL,
        column_kind="",
        interval_days=None,
        last_update=max(updates, default=None),
        days_overdue=None,
        is_total=True,
        **{name: sum(getattr(row, name) for row in rows) for name in SUMMED},
    )


def _assessment(period, origin, reference, rows: Iterable[ColumnRow], closed=False):
    rows = tuple(rows)
    groups: dict[int | None, list[ColumnRow]] = {}
    for row in rows:
        groups.setdefault(row.department_id, []).append(row)
    totals = tuple(department_total(group) for group in groups.values())
    return ColumnAssessment(period, origin, reference, rows, totals, closed)


def only_department(assessment: ColumnAssessment, department_id: int) -> ColumnAssessment:
    return replace(
        assessment,
        rows=tuple(r for r in assessment.rows if r.department_id == department_id),
        departments=tuple(r for r in assessment.departments if r.department_id == department_id),
    )


def assessment_from_json(period: Period, origin: str, stored: dict) -> ColumnAssessment:
    rows = [row_from_json(ColumnRow, values) for values in stored["rows"]]
    reference = date.fromisoformat(stored["reference_day"])
    return _assessment(period, origin, reference, rows, closed=True)
