"""Readiness checks for the load balancer (``/readyz``): the database, the cache and the checks
the apps above register (clamd, from ``cms.security``, while uploads are scanned). Each check
returns whether it passed and how long it took; nothing here raises, so one broken dependency
never hides the state of the others.

Two more report on the background jobs for monitoring, without taking the web server out of
the load balancer (a stopped worker does not stop the site serving): the queue (jobs waiting,
and how long the oldest has; when jobs are queued in the database) and, where a worker is
expected (``WORKER_EXPECTED``, on in production), its heartbeat. They are not *critical*: when
they fail, ``/readyz`` says "warn" with 200.

Errors are reported by exception class only (the probe may be reachable from outside; the full
message, which can name hosts and ports, goes to the log).
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from cms.core.conf import get_setting
from cms.ops.queue import queue_backlog, worker_pulse
from cms.ops.worker_rules import backlog_late

logger = logging.getLogger(__name__)

CACHE_PROBE_KEY = "xiuying:readyz"
# Checks of the apps above this one (clamd, from cms.security), by name: each with whether it
# applies to this configuration. Registered by the apps' ready().
_REGISTERED: dict[str, tuple[Callable[[], bool], Callable[[], "CheckResult"]]] = {}


def register_check(name: str, run: Callable[[], "CheckResult"], *, applies=lambda: True) -> None:
    _REGISTERED[name] = (applies, run)


@dataclass(frozen=True)
class Verdict:
    """What a probe that judges found: whether it passes, and the figures behind it."""

    ok: bool
    facts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    ms: float
    error: str = ""
    critical: bool = True
    facts: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        shown = {"ok": self.ok, "ms": self.ms, **self.facts}
        if self.error:
            shown["error"] = self.error
        if not self.critical:
            shown["critical"] = False
        return shown


def timed(name: str, probe: Callable[[], Verdict | None], *, critical=True) -> CheckResult:
    started = time.perf_counter()
    try:
        verdict = probe() or Verdict(True)
    except Exception as error:  # a failed probe is a result, not a crash
        logger.warning("readiness check %s failed: %s", name, error)
        return CheckResult(False, _ms_since(started), type(error).__name__, critical)
    if not verdict.ok:
        logger.warning("readiness check %s failed: %s", name, verdict.facts)
    return CheckResult(verdict.ok, _ms_since(started), critical=critical, facts=verdict.facts)


def overall_status(checks: dict[str, CheckResult]) -> str:
    """ "fail" when a critical check fails, "warn" when only others do, else "ok"."""
    failed = [check for check in checks.values() if not check.ok]
    if any(check.critical for check in failed):
        return "fail"
    return "warn" if failed else "ok"


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def check_database(connection=None) -> CheckResult:
    connection = connection or connections["default"]

    def probe():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    return timed("database", probe)


def check_cache(alias: str = "default") -> CheckResult:
    def probe():
        cache = caches[alias]
        cache.set(CACHE_PROBE_KEY, "1", 10)
        if cache.get(CACHE_PROBE_KEY) != "1":
            raise RuntimeError("cache did not return the value just set")

    return timed("cache", probe)


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def check_queue() -> CheckResult:
    """Jobs waiting to run; fails when the oldest has waited past ``QUEUE_MAX_WAIT_SECONDS``."""

    def probe():
        backlog = queue_backlog()
        limit = get_setting("QUEUE_MAX_WAIT_SECONDS")
        late = backlog_late(oldest_seconds=backlog.oldest_seconds, max_wait_seconds=limit)
        facts = {"ready": backlog.ready, "oldest_seconds": _seconds(backlog.oldest_seconds)}
        return Verdict(not late, facts)

    return timed("queue", probe, critical=False)


def check_worker() -> CheckResult:
    """The newest worker heartbeat; fails when older than ``WORKER_STALE_SECONDS`` or absent."""

    def probe():
        pulse = worker_pulse()
        facts = {"workers": pulse.workers, "last_beat_seconds": _seconds(pulse.last_beat_seconds)}
        return Verdict(pulse.fresh, facts)

    return timed("worker", probe, critical=False)


def jobs_queued_in_database() -> bool:
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def readiness() -> dict[str, CheckResult]:
    """Every check that applies to this configuration, by name."""
    checks = {"database": check_database(), "cache": check_cache()}
    for name, (applies, run) in _REGISTERED.items():
        if applies():
            checks[name] = run()
    if jobs_queued_in_database():
        checks["queue"] = check_queue()
    if get_setting("WORKER_EXPECTED"):
        checks["worker"] = check_worker()
    return checks
