"""Freshness watch (栏目更新监测, R-20), after the national inspection rules for government sites:
a column not updated within its interval (news 14 days, notices and policy 180 by default) is
stale, a column with nothing published is empty, and a home page with nothing new for
``HOME_UPDATE_INTERVAL_DAYS`` is stale.

A column's last update is the latest release of its items in the release log, sub-columns
included (``workflows.release_dates``: the definition 栏目考核 and the API share); the home
page's is the latest release anywhere or its own last publication. Four queries whatever the
number of items.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from cms.core.conf import get_setting
from cms.core.office_time import office_day
from columns.models import ColumnKind
from home.models import HomePage
from liaisons import scoring
from liaisons.column_assessment import interval_of, latest_with_subcolumns, live_columns
from liaisons.models import Liaison
from workflows import release_dates


@dataclass(frozen=True)
class StaleColumn:
    column_id: int
    column: str
    column_kind: str
    department_id: int | None
    department: str
    interval_days: int
    last_update: datetime | None
    days_since: int | None
    days_overdue: int | None
    liaisons: str
    liaison_user_ids: frozenset
    kind: str = ""  # the column kind's code ("news"...), for the inspection's own intervals

    @property
    def empty(self) -> bool:
        return self.last_update is None

    @property
    def state(self) -> str:
        return "空白栏目" if self.empty else f"超期 {self.days_overdue} 天"


@dataclass(frozen=True)
class HomeState:
    last_update: datetime | None
    days_since: int | None
    interval_days: int

    @property
    def stale(self) -> bool:
        return self.days_since is None or self.days_since > self.interval_days


@dataclass(frozen=True)
class Freshness:
    today: date
    home: HomeState
    columns: tuple[StaleColumn, ...]
    checked: int
    every_column: tuple[StaleColumn, ...] = ()  # all live columns, stale or not

    @property
    def problems(self) -> int:
        return len(self.columns) + int(self.home.stale)


def freshness(*, now: datetime | None = None) -> Freshness:
    """Columns past their interval or empty (empty first, then most overdue), and the home page."""
    today = office_day(now or timezone.now())
    columns = list(live_columns())
    newest = release_dates.last_release_by_parent()
    latest = latest_with_subcolumns(columns, newest)
    people = _liaisons_of(columns, today)
    rows = [_row(column, latest[column["pk"]], today, people) for column in columns]
    stale = sorted(
        (row for row in rows if row.empty or row.days_overdue),
        key=lambda row: (not row.empty, -(row.days_overdue or 0), row.column),
    )
    home = _home_state(max(newest.values(), default=None), today)
    return Freshness(today, home, tuple(stale), len(columns), tuple(rows))


def _liaisons_of(columns, today: date) -> dict[int, list[dict]]:
    """Per column, the liaisons assigned to it, else the active liaisons of its department."""
    departments = {column["responsible_department_id"] for column in columns}
    active = (
        Liaison.objects.filter(active_from__lte=today)
        .exclude(active_to__lt=today)
        .order_by("name", "pk")
    )
    people = list(active.values("pk", "name", "unit_id", "user_id"))
    assigned = Liaison.columns.through.objects.filter(
        liaison_id__in=[p["pk"] for p in people]
    ).values_list("columnpage_id", "liaison_id")
    by_pk = {person["pk"]: person for person in people}
    of_column: dict[int, list[dict]] = {}
    for column_id, liaison_id in assigned:
        of_column.setdefault(column_id, []).append(by_pk[liaison_id])
    of_department = {d: [p for p in people if p["unit_id"] == d] for d in departments}
    return {
        column["pk"]: of_column.get(column["pk"])
        or of_department[column["responsible_department_id"]]
        for column in columns
    }


def _row(column, last_update, today: date, people) -> StaleColumn:
    interval = interval_of(column)
    since = (today - office_day(last_update)).days if last_update else None
    liaisons = people[column["pk"]]
    return StaleColumn(
        column_id=column["pk"],
        column=column["title"],
        column_kind=str(ColumnKind(column["column_kind"]).label),
        department_id=column["responsible_department_id"],
        department=column["responsible_department__name"],
        interval_days=interval,
        last_update=last_update,
        days_since=since,
        days_overdue=scoring.days_overdue(days_since_update=since, interval_days=interval),
        liaisons="、".join(person["name"] for person in liaisons),
        liaison_user_ids=frozenset(p["user_id"] for p in liaisons if p["user_id"]),
        kind=column["column_kind"],
    )


def _home_state(newest_item: datetime | None, today: date) -> HomeState:
    own = HomePage.objects.live().values_list("last_published_at", flat=True).first()
    last = max((d for d in (newest_item, own) if d), default=None)
    since = (today - office_day(last)).days if last else None
    return HomeState(last, since, get_setting("HOME_UPDATE_INTERVAL_DAYS"))
