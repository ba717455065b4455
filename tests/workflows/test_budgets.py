"""Working time on the office calendar, without the database (R-19, R-20)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

from workflows.budgets import Calendar, working_seconds, working_seconds_between

HOUR = 3600
DAY = 7 * HOUR  # 08:00-12:00 and 14:30-17:30
SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = Calendar(
    working_days=frozenset({0, 1, 2, 3, 4}),
    periods=((time(8), time(12)), (time(14, 30), time(17, 30))),
)
# 2026-03-02 is a Monday, 2026-03-07 a Saturday.
MONDAY, TUESDAY, FRIDAY, SATURDAY = (date(2026, 3, d) for d in (2, 3, 6, 7))


def at(day: date, hour: int, minute: int = 0, tz=None) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def calendar(**changes) -> Calendar:
    return Calendar(
        working_days=OFFICE.working_days,
        periods=OFFICE.periods,
        holidays=frozenset(changes.get("holidays", ())),
        extra_working_days=frozenset(changes.get("extra_working_days", ())),
    )


def test_time_inside_a_morning_period_counts_in_full():
    assert working_seconds(at(MONDAY, 9), at(MONDAY, 10, 30), OFFICE) == 1.5 * HOUR


def test_lunch_break_does_not_count():
    assert working_seconds(at(MONDAY, 11), at(MONDAY, 15), OFFICE) == 1.5 * HOUR


def test_time_starting_in_the_lunch_break_counts_from_the_afternoon_period():
    assert working_seconds(at(MONDAY, 12, 30), at(MONDAY, 14, 45), OFFICE) == 15 * 60


def test_a_whole_weekday_counts_its_seven_office_hours():
    assert working_seconds(at(MONDAY, 6), at(MONDAY, 20), OFFICE) == DAY


def test_evening_and_night_do_not_count():
    assert working_seconds(at(MONDAY, 17, 30), at(TUESDAY, 8), OFFICE) == 0


def test_weekend_does_not_count():
    assert working_seconds(at(SATURDAY, 8), at(date(2026, 3, 8), 18), OFFICE) == 0


def test_friday_afternoon_to_monday_morning_skips_the_weekend():
    start, end = at(FRIDAY, 16), at(date(2026, 3, 9), 9)
    assert working_seconds(start, end, OFFICE) == 1.5 * HOUR + HOUR


def test_a_holiday_on_a_weekday_does_not_count():
    holiday = calendar(holidays={MONDAY})
    assert working_seconds(at(MONDAY, 8), at(TUESDAY, 9), holiday) == HOUR


def test_an_extra_working_day_on_a_saturday_counts_like_a_weekday():
    tiaoxiu = calendar(extra_working_days={SATURDAY})
    assert working_seconds(at(SATURDAY, 7), at(SATURDAY, 18), tiaoxiu) == DAY


def test_an_extra_working_day_wins_over_a_holiday_on_the_same_date():
    both = calendar(holidays={SATURDAY}, extra_working_days={SATURDAY})
    assert working_seconds(at(SATURDAY, 8), at(SATURDAY, 9), both) == HOUR


def test_a_working_week_counts_five_days():
    assert working_seconds(at(MONDAY, 8), at(FRIDAY, 17, 30), OFFICE) == 5 * DAY


def test_a_span_over_a_holiday_week_with_a_tiaoxiu_saturday():
    # Monday and Tuesday off, Saturday worked in lieu: Wednesday..Friday plus Saturday.
    week = calendar(holidays={MONDAY, TUESDAY}, extra_working_days={SATURDAY})
    assert working_seconds(at(MONDAY, 0), at(date(2026, 3, 8), 23), week) == 4 * DAY


def test_partial_first_and_last_days_of_a_long_span():
    start, end = at(MONDAY, 16, 30), at(date(2026, 3, 4), 8, 30)  # Monday -> Wednesday
    assert working_seconds(start, end, OFFICE) == HOUR + DAY + 30 * 60


def test_end_before_start_is_zero():
    assert working_seconds(at(TUESDAY, 10), at(MONDAY, 10), OFFICE) == 0


def test_empty_interval_is_zero():
    assert working_seconds(at(MONDAY, 10), at(MONDAY, 10), OFFICE) == 0


def test_aware_local_times_count_like_naive_ones():
    start, end = at(FRIDAY, 11, tz=SHANGHAI), at(date(2026, 3, 9), 15, tz=SHANGHAI)
    assert working_seconds(start, end, OFFICE) == (1 + 3 + 4) * HOUR + 30 * 60


def test_end_in_another_zone_is_compared_as_the_same_instant():
    start = at(MONDAY, 9, tz=SHANGHAI)
    end = at(MONDAY, 2, tz=ZoneInfo("UTC"))  # 10:00 in Shanghai
    assert working_seconds(start, end, OFFICE) == HOUR


def test_working_time_is_counted_in_the_office_zone_whatever_zone_is_active():
    start = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Shanghai
    end = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
    with timezone.override("Europe/London"):  # an admin user's "current time zone"
        assert working_seconds_between(start, end) == HOUR
