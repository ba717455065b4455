"""The availability probe (站点无法访问 is a single veto): fetch public addresses, record the
status and the time to the full response, and alert 网站专管员 when the week's failure rate
reaches the inspection's limit (a probe slower than PROBE_TIMEOUT_SECONDS, 15 s, fails).

Run by ``manage.py probe_site`` from cron every few minutes (the inspection probes at least
PROBE_MIN_DAILY times a day), on another machine than the site's where possible.
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime

import httpx
from django.conf import settings
from django.utils import timezone

from cms.compliance import rules
from cms.compliance.checkup import availability_rule
from cms.compliance.models import Probe
from cms.core.conf import get_setting
from cms.security.alerts import alert_send

logger = logging.getLogger(__name__)

TIMEOUT = "超过 {seconds} 秒未响应"
CONNECT = "无法连接"
SUBJECT = "站点可用性单项否决指标已触发"
BODY = "{summary}\n最近失败：\n{failures}\n请立即排查服务器、网络和数据库。"


@dataclass(frozen=True)
class Outcome:
    url: str
    status: int | None
    seconds: float | None
    error: str

    @property
    def ok(self) -> bool:
        return not self.error and self.status is not None and self.status < 400


def default_targets() -> list[str]:
    """The home page, the first live column, and the API's newest items."""
    from columns.models import ColumnPage

    base = settings.PUBLIC_BASE_URL
    column = ColumnPage.objects.live().order_by("path").first()
    columns = [f"{base}{column.url}"] if column and column.url else []
    return [f"{base}/", *columns, f"{base}/api/v1/articles"]


def probe_one(client: httpx.Client, url: str, limit: float) -> Outcome:
    started = time.monotonic()
    try:
        response = client.get(url)
    except httpx.TimeoutException:
        return Outcome(url, None, None, TIMEOUT.format(seconds=limit))
    except httpx.HTTPError as error:
        logger.warning("probe of %s failed: %s", url, error)
        return Outcome(url, None, None, CONNECT)
    seconds = time.monotonic() - started
    if seconds > limit:
        return Outcome(url, response.status_code, seconds, TIMEOUT.format(seconds=limit))
    return Outcome(url, response.status_code, seconds, "")


def site_probe(urls: list[str], *, now: datetime | None = None) -> list[Probe]:
    """Probe each address once and record it; then alert if the availability rule tripped."""
    limit = get_setting("PROBE_TIMEOUT_SECONDS")
    with httpx.Client(timeout=limit, follow_redirects=True) as client:
        outcomes = [probe_one(client, url, limit) for url in urls]
    now = now or timezone.now()
    probes = Probe.objects.bulk_create(
        Probe(
            url=o.url[:500],
            probed_at=now,
            status=o.status,
            seconds=o.seconds,
            ok=o.ok,
            error=o.error[:255],
        )
        for o in outcomes
    )
    availability_alert(now=now)
    return probes


def availability_alert(*, now: datetime) -> bool:
    """Mail 网站专管员 when the rule is tripped (once per alert window)."""
    result = availability_rule(now=now)
    if result.state != rules.TRIPPED:
        return False
    failures = "\n".join(f"{e.subject} {e.detail}" for e in result.evidence[:10])
    return alert_send(
        key=f"availability:{now:%Y-%m-%d}",
        subject=SUBJECT,
        body=BODY.format(summary=result.summary, failures=failures),
    )
