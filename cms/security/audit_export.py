"""The security audit for inspectors (R-14, R-18): security events and Wagtail's audit log of
content actions in one time-ordered record, as CSV or XLSX, in office time (Asia/Shanghai).

The three sources are read in time order and merged as they stream, so a long range does not
sit in memory for CSV. Cells that a spreadsheet would run as formulas are neutralised (titles and
user names come from users; https://owasp.org/www-community/attacks/CSV_Injection).
"""

import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry, PageLogEntry

from cms.core import spreadsheets
from cms.core.office_time import day_start, office_time
from cms.core.selectors import user_roles
from cms.security.models import SecurityEvent

AUDIT_ROLES = frozenset({"site_specialist"})
AUDIT_DENIED = _("只有网站专管员可以查看和导出安全审计记录。")
EXPORT_TIME = spreadsheets.SECONDS.text
SOURCE_EVENT = _("安全事件")
SOURCE_PAGE = _("页面操作")
SOURCE_MODEL = _("对象操作")
HEADINGS = (
    _("时间（北京时间）"),
    _("来源"),
    _("类型"),
    _("账号"),
    _("客户端地址"),
    _("设备"),
    _("对象"),
    _("详情"),
)
XLSX_WIDTHS = (20, 10, 18, 16, 16, 30, 40, 60)


def user_may_audit(user) -> bool:
    """网站专管员 and superusers read and export the security audit."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(user_roles(user) & AUDIT_ROLES)


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    source: str
    action: str
    account: str = ""
    address: str = ""
    device: str = ""
    subject: str = ""
    detail: str = ""

    def cells(self) -> tuple:
        local = office_time(self.at).replace(tzinfo=None)
        return (local, *(getattr(self, name) for name in _TEXT_FIELDS))


_TEXT_FIELDS = ("source", "action", "account", "address", "device", "subject", "detail")


def day_bounds(date_from: date | None, date_to: date | None) -> dict:
    """Filter values for office-calendar days ``date_from`` to ``date_to``, both included."""
    bounds = {}
    if date_from:
        bounds["gte"] = day_start(date_from)
    if date_to:
        bounds["lt"] = day_start(date_to + timedelta(days=1))
    return bounds


def _in_range(queryset, field: str, bounds: dict):
    return queryset.filter(**{f"{field}__{op}": value for op, value in bounds.items()})


def detail_text(data) -> str:
    """A record's detail as the audit shows it: JSON, keys sorted, Chinese as it is."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) if data else ""


def _event_rows(bounds) -> Iterator[AuditRow]:
    events = _in_range(SecurityEvent.objects.order_by("occurred_at", "pk"), "occurred_at", bounds)
    for event in events.iterator(chunk_size=2000):
        yield AuditRow(
            at=event.occurred_at,
            source=str(SOURCE_EVENT),
            action=str(event.get_kind_display()),
            account=event.username,
            address=event.ip_address or "",
            device=event.user_agent,
            detail=detail_text(event.detail),
        )


def _log_rows(model, source, bounds) -> Iterator[AuditRow]:
    entries = _in_range(model.objects.order_by("timestamp", "pk"), "timestamp", bounds)
    entries = entries.select_related("user", "content_type")
    for entry in entries.iterator(chunk_size=2000):
        yield AuditRow(
            at=entry.timestamp,
            source=str(source),
            action=str(entry.message),
            account=entry.user.get_username() if entry.user else str(entry.user_display_name),
            subject=f"{entry.object_verbose_name}《{entry.label}》（{entry.object_id}）",
            detail=detail_text(entry.data),
        )


def audit_rows(*, date_from: date | None = None, date_to: date | None = None):
    """Every security event and content action in the range, oldest first."""
    bounds = day_bounds(date_from, date_to)
    return heapq.merge(
        _event_rows(bounds),
        _log_rows(PageLogEntry, SOURCE_PAGE, bounds),
        _log_rows(ModelLogEntry, SOURCE_MODEL, bounds),
        key=lambda row: row.at,
    )


def audit_csv(rows) -> Iterator[str]:
    return spreadsheets.csv_lines(HEADINGS, (row.cells() for row in rows))


def audit_xlsx(rows) -> bytes:
    return spreadsheets.xlsx_bytes(
        title=_("安全审计"),
        headings=HEADINGS,
        rows=(row.cells() for row in rows),
        widths=XLSX_WIDTHS,
    )
