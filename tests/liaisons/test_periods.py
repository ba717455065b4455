"""Assessment periods on the office calendar (R-21), without a database."""

from datetime import date

import pytest

from liaisons.periods import BAD_PERIOD, period_of, quarters_due, reference_day

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure


def test_periods_are_half_open_and_labelled_in_chinese():
    year = period_of(year=2026)
    quarter = period_of(year=2026, quarter=4)
    month = period_of(year=2026, month=12)
    assert (year.start, year.end, year.label) == (date(2026, 1, 1), date(2027, 1, 1), "2026年")
    assert (quarter.start, quarter.end) == (date(2026, 10, 1), date(2027, 1, 1))
    assert quarter.label == "2026年第四季度"
    assert (month.start, month.end) == (date(2026, 12, 1), date(2027, 1, 1))
    assert month.label == "2026年12月"


def test_quarter_and_month_together_are_refused():
    with pytest.raises(ValueError, match=BAD_PERIOD):
        period_of(year=2026, quarter=1, month=2)
    with pytest.raises(ValueError, match=BAD_PERIOD):
        period_of(year=2026, month=13)


def test_reference_day_is_the_last_day_or_today_while_the_period_runs():
    q1 = period_of(year=2026, quarter=1)
    assert reference_day(q1, date(2026, 6, 1)) == date(2026, 3, 31)
    assert reference_day(q1, date(2026, 2, 10)) == date(2026, 2, 10)


def test_only_ended_quarters_are_due():
    assert quarters_due(2026, date(2026, 7, 1)) == (1, 2)
    assert quarters_due(2026, date(2027, 1, 1)) == (1, 2, 3, 4)
    assert quarters_due(2026, date(2026, 3, 31)) == ()
