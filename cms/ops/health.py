"""Readiness checks for the load balancer (``/readyz``): the database, the cache and, while
uploads are scanned, clamd. Each check returns whether it passed and how long it took; nothing
here raises, so one broken dependency never hides the state of the others.

Errors are reported by exception class only (the probe may be reachable from outside; the full
message, which can name hosts and ports, goes to the log).
"""

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.core.cache import caches
from django.db import connections

from cms.conf import get_setting

logger = logging.getLogger(__name__)

CACHE_PROBE_KEY = "xiuying:readyz"
CLAMD_PROBE_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    ms: float
    error: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "error" or v}


def timed(name: str, probe: Callable[[], object]) -> CheckResult:
    started = time.perf_counter()
    try:
        probe()
    except Exception as error:  # a failed probe is a result, not a crash
        logger.warning("readiness check %s failed: %s", name, error)
        return CheckResult(False, _ms_since(started), type(error).__name__)
    return CheckResult(True, _ms_since(started))


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


def check_clamd(url: str | None = None) -> CheckResult:
    from cms.security.clamav import ClamdClient

    def probe():
        seconds = CLAMD_PROBE_TIMEOUT_SECONDS
        client = ClamdClient(
            url or get_setting("CLAMD_URL"), timeout=seconds, connect_timeout=seconds
        )
        client.ping()

    return timed("clamd", probe)


def readiness() -> dict[str, CheckResult]:
    """Every check that applies to this configuration, by name."""
    checks = {"database": check_database(), "cache": check_cache()}
    if get_setting("UPLOAD_SCANNING"):
        checks["clamd"] = check_clamd()
    return checks
