"""Working time between two moments, on the office calendar (R-19, R-20).

``working_seconds`` is pure: it takes the calendar as plain values. ``working_seconds_between``
reads the calendar from the project options.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cms.core.conf import get_setting


@dataclass(frozen=True)
class Calendar:
    working_days: frozenset[int]
    periods: tuple[tuple[time, time], ...]
    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        return day.weekday() in self.working_days and day not in self.holidays


def working_seconds(start: datetime, end: datetime, calendar: Calendar) -> int:
    """Seconds of working time in [start, end); both aware or both naive in local time."""
    if end <= start:
        return 0
    total = 0
    day = start.date()
    while day <= end.date():
        if calendar.is_working_day(day):
            total += _seconds_on_day(day, start, end, calendar.periods)
        day += timedelta(days=1)
    return total


def _seconds_on_day(day, start, end, periods) -> int:
    total = 0
    for opens, closes in periods:
        period_start = datetime.combine(day, opens, tzinfo=start.tzinfo)
        period_end = datetime.combine(day, closes, tzinfo=start.tzinfo)
        overlap = min(end, period_end) - max(start, period_start)
        total += max(0, int(overlap.total_seconds()))
    return total


def office_calendar() -> Calendar:
    def parse(value: str) -> time:
        return time.fromisoformat(value)

    return Calendar(
        working_days=frozenset(get_setting("WORKING_DAYS")),
        periods=tuple((parse(a), parse(b)) for a, b in get_setting("WORKING_HOURS")),
        holidays=frozenset(date.fromisoformat(d) for d in get_setting("HOLIDAYS")),
        extra_working_days=frozenset(
            date.fromisoformat(d) for d in get_setting("EXTRA_WORKING_DAYS")
        ),
    )


def working_seconds_between(start: datetime, end: datetime) -> int:
    # The office's zone, not the zone a user chose in their admin profile.
    local = timezone.get_default_timezone()
    return working_seconds(start.astimezone(local), end.astimezone(local), office_calendar())


def step_budget_seconds(step: str) -> int:
    budgets = get_setting("STEP_BUDGET_HOURS")
    return int(budgets.get(step, budgets["default"]) * 3600)
