"""The worker's pure rules (issue 11): which failed jobs run again, when a heartbeat is stale
and when the queue is late. No database."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError

from cms.ops.worker_rules import backlog_late, error_path, heartbeat_fresh, job_runs_again

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

NOW = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


def test_a_job_that_lost_the_database_runs_again_until_its_last_allowed_run():
    lost = error_path(OperationalError("server closed the connection unexpectedly"))
    closed = error_path(InterfaceError("connection already closed"))
    assert job_runs_again(failed_with=lost, attempts=1, limit=5)
    assert job_runs_again(failed_with=closed, attempts=4, limit=5)
    assert not job_runs_again(failed_with=lost, attempts=5, limit=5)


def test_a_job_that_is_wrong_itself_does_not_run_again():
    assert not job_runs_again(failed_with=error_path(ValueError()), attempts=1, limit=5)
    assert not job_runs_again(failed_with=error_path(ProgrammingError()), attempts=1, limit=5)


def test_a_heartbeat_is_fresh_up_to_the_stale_limit_and_missing_is_never_fresh():
    assert heartbeat_fresh(beat_at=NOW - timedelta(seconds=120), now=NOW, stale_seconds=120)
    assert not heartbeat_fresh(beat_at=NOW - timedelta(seconds=121), now=NOW, stale_seconds=120)
    assert not heartbeat_fresh(beat_at=None, now=NOW, stale_seconds=120)


def test_the_queue_is_late_when_its_oldest_job_waited_past_the_limit():
    assert backlog_late(oldest_seconds=601, max_wait_seconds=600)
    assert not backlog_late(oldest_seconds=600, max_wait_seconds=600)
    assert not backlog_late(oldest_seconds=None, max_wait_seconds=600)
