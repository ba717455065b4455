"""The release log dates an entry when it is logged (R-11); only the demo seed's clock dates
one in the past, never before the entry ahead of it nor after now, so the log stays in time
order and its hash chain holds."""

from datetime import UTC, datetime, timedelta

import pytest

from workflows import release_log
from workflows.models import ReleaseLogEntry

NOW = datetime(2026, 12, 3, 9, 30, 15, 123456, tzinfo=UTC)
DAY = timedelta(days=1)


def test_an_entry_is_dated_now_to_the_second():
    assert release_log.entry_time(NOW, wanted=None, previous=NOW - DAY) == NOW.replace(
        microsecond=0
    )


def test_the_seed_clock_dates_an_entry_in_the_past():
    wanted = NOW - 30 * DAY
    assert release_log.entry_time(NOW, wanted=wanted, previous=NOW - 31 * DAY) == wanted.replace(
        microsecond=0
    )


def test_the_seed_clock_never_dates_an_entry_before_the_previous_one():
    previous = (NOW - DAY).replace(microsecond=0)
    assert release_log.entry_time(NOW, wanted=NOW - 30 * DAY, previous=previous) == previous


def test_the_seed_clock_never_dates_an_entry_in_the_future():
    assert release_log.entry_time(NOW, wanted=NOW + DAY, previous=None) == NOW.replace(
        microsecond=0
    )


def _append(title: str) -> ReleaseLogEntry:
    return release_log.append(
        kind=ReleaseLogEntry.Kind.RELEASE,
        actor=None,
        actor_name="site_admin",
        article_page_id=1,
        article_title=title,
        column_title="工作动态",
        revision_id=1,
        content_sha256="a" * 64,
        approved_content={"title": title},
    )


@pytest.mark.django_db
def test_entries_under_the_seed_clock_keep_the_chain_and_the_time_order():
    with release_log.seed_clock(datetime(2026, 6, 1, tzinfo=UTC)):
        june = _append("六月")
    plain = _append("今天")
    with release_log.seed_clock(datetime(2026, 7, 1, tzinfo=UTC)):
        late = _append("补录七月")
    assert june.recorded_at == datetime(2026, 6, 1, tzinfo=UTC)
    assert late.recorded_at == plain.recorded_at  # not before the entry ahead of it
    assert release_log.verify_chain() == []
