"""The readiness check of clamd (``/readyz``), registered with ``cms.ops.health`` while uploads
are scanned."""

from cms.core.conf import get_setting
from cms.ops.health import CheckResult, register_check, timed
from cms.security.clamav import ClamdClient

CLAMD_PROBE_TIMEOUT_SECONDS = 3.0


def check_clamd(url: str | None = None) -> CheckResult:
    def probe():
        seconds = CLAMD_PROBE_TIMEOUT_SECONDS
        client = ClamdClient(
            url or get_setting("CLAMD_URL"), timeout=seconds, connect_timeout=seconds
        )
        client.ping()

    return timed("clamd", probe)


def register_health_checks() -> None:
    register_check("clamd", check_clamd, applies=lambda: get_setting("UPLOAD_SCANNING"))
