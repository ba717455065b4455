"""Assessment periods (month, quarter, year) on the office calendar: pure date arithmetic.

A period is half-open, ``start <= day < end``, so the months of a quarter and the quarters of a
year add up to it without overlap: every dated event falls in exactly one month.
"""

from dataclasses import dataclass
from datetime import date

PERIOD_KINDS = ("year", "quarter", "month")
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
BAD_PERIOD = "考核期间无效：季度为1至4，月份为1至12，且不能同时指定。"


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def kind(self) -> str:
        return "quarter" if self.quarter else "month" if self.month else "year"

    @property
    def start(self) -> date:
        first_month = (self.quarter - 1) * 3 + 1 if self.quarter else self.month or 1
        return date(self.year, first_month, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        months = {"year": 12, "quarter": 3, "month": 1}[self.kind]
        month_index = self.start.month - 1 + months
        return date(self.year + month_index // 12, month_index % 12 + 1, 1)

    @property
    def label(self) -> str:
        if self.quarter:
            return f"{self.year}年{QUARTER_NAMES[self.quarter]}"
        if self.month:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年"

    @property
    def slug(self) -> str:
        suffix = f"-q{self.quarter}" if self.quarter else f"-{self.month:02d}" if self.month else ""
        return f"{self.year}{suffix}"


def period_of(*, year: int, quarter: int | None = None, month: int | None = None) -> Period:
    """The period named by a year and at most one of quarter or month."""
    if (quarter and month) or (quarter or 0) not in range(5) or (month or 0) not in range(13):
        raise ValueError(BAD_PERIOD)
    return Period(year=year, quarter=quarter or None, month=month or None)


def reference_day(period: Period, today: date) -> date:
    """The day the state of the columns is judged on: the period's last day, or today while the
    period is still running (a column cannot be overdue in the future)."""
    last_day = date.fromordinal(period.end.toordinal() - 1)
    return min(last_day, today)


def quarters_due(year: int, today: date) -> tuple[int, ...]:
    """Quarters of ``year`` that have ended by ``today``: a quota is missed only once the
    quarter is over."""
    return tuple(q for q in range(1, 5) if Period(year=year, quarter=q).end <= today)
