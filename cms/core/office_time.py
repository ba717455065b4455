"""The office's calendar and clock: the district works in China Standard Time, whatever zone a
request activates. Dates on records, exports, mails and deadlines are office dates (R-10, R-11,
R-14, R-19)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

OFFICE_TZ = ZoneInfo("Asia/Shanghai")
SECONDS_TEXT = "%Y-%m-%d %H:%M:%S"
MINUTES_TEXT = "%Y-%m-%d %H:%M"


def office_time(value: datetime | None) -> datetime | None:
    """An aware time in the office's zone; None stays None."""
    return value.astimezone(OFFICE_TZ) if value else None


def office_text(value: datetime | None, text_format: str = SECONDS_TEXT) -> str:
    """An aware time as the office writes it; "" for None."""
    return value.astimezone(OFFICE_TZ).strftime(text_format) if value else ""


def office_day(value: datetime) -> date:
    return value.astimezone(OFFICE_TZ).date()


def office_today() -> date:
    return office_day(timezone.now())


def day_start(day: date) -> datetime:
    """Midnight of an office-calendar day, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=OFFICE_TZ)
