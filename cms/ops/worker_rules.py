"""Pure rules of the background worker (issue 11): which failed jobs run again, and when a
heartbeat or a queued job is too old. Plain values in, plain values out; no ORM."""

from datetime import datetime

# The exceptions, by their class path as django-tasks records it, that say the database went
# away or refused for a while (a restart, a failover, a terminated backend, a lock), not that
# the job is wrong: such a job runs again once the worker has its connection back.
TRANSIENT_ERRORS = frozenset({"django.db.utils.OperationalError", "django.db.utils.InterfaceError"})


def error_path(error: BaseException) -> str:
    return f"{type(error).__module__}.{type(error).__qualname__}"


def job_runs_again(*, failed_with: str, attempts: int, limit: int) -> bool:
    """Whether a job that failed with the exception class ``failed_with`` after ``attempts``
    runs is queued again (a database error, fewer than ``limit`` runs) or stays failed."""
    return failed_with in TRANSIENT_ERRORS and attempts < limit


def age_seconds(since: datetime | None, now: datetime) -> float | None:
    return None if since is None else max(0.0, (now - since).total_seconds())


def heartbeat_fresh(*, beat_at: datetime | None, now: datetime, stale_seconds: float) -> bool:
    age = age_seconds(beat_at, now)
    return age is not None and age <= stale_seconds


def backlog_late(*, oldest_seconds: float | None, max_wait_seconds: float) -> bool:
    return oldest_seconds is not None and oldest_seconds > max_wait_seconds
