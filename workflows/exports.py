"""The chain's records as people read them: who may, the approval form as a sheet (R-10) and the
release log as spreadsheets (R-11, R-14).

The HTML print view and the PDF render the same ``ApprovalSheet``. Times are shown in the office
time zone (Asia/Shanghai) whatever the server or the browser says, so a printed form and an
exported log agree with the paper records.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from cms.core import spreadsheets
from cms.core.office_time import day_start, office_time
from cms.core.roles import RECORD_READERS
from cms.core.selectors import user_roles
from workflows import release_log, rules
from workflows.models import ApprovalForm, ApprovalStep, ReleaseLogEntry

SHEET_TIME = "Y年n月j日 H:i"
RECORDS_DENIED = _("只有网站管理员、网站专管员和组织部长可以查看审批记录和发布日志。")
FORM_DENIED = _("只有网站管理员、网站专管员、组织部长和该信息的拟稿人可以查看此审批表。")


def user_may_view_records(user) -> bool:
    """The registers and exports: 网站管理员, 网站专管员, 组织部长 and superusers."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(user_roles(user) & RECORD_READERS)


def user_may_view_form(user, form: ApprovalForm) -> bool:
    """One approval form: the record keepers, and the item's drafter."""
    if user_may_view_records(user):
        return True
    return user.is_authenticated and user.is_active and form.drafter_id == user.pk


def latest_form_for_page(page_id: int) -> ApprovalForm | None:
    return (
        ApprovalForm.objects.filter(article_page_id=page_id)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def sheet_time(value: datetime | None) -> str:
    return dateformat.format(office_time(value), SHEET_TIME) if value else ""


@dataclass(frozen=True)
class SheetLine:
    step: str
    signer: str = ""
    unit: str = ""
    decision: str = ""
    opinion: str = ""
    decided_at: str = ""
    checklist: bool = False
    revision_id: int | None = None


@dataclass(frozen=True)
class ApprovalSheet:
    form: ApprovalForm
    header: tuple[tuple[str, str], ...]
    lines: tuple[SheetLine, ...]
    history: tuple[SheetLine, ...]
    meta: tuple[tuple[str, str], ...]


def approval_sheet(form: ApprovalForm) -> ApprovalSheet:
    """One line per step (the final decision on the approved revision), rejections below."""
    records = list(form.steps.order_by("started_at", "pk"))
    final = _final_records(form, records)
    lines = tuple(_record_line(step, final.get(step)) for step in rules.STEPS)
    history = tuple(
        _record_line(r.step, r)
        for r in records
        if r.decision == ApprovalStep.Decision.REJECTED and final.get(r.step) is not r
    )
    return ApprovalSheet(form, _header(form), lines, history, _meta(form))


def _final_records(form, records) -> dict:
    approved = [r for r in records if r.revision_id == form.approved_revision_id]
    return {r.step: r for r in (approved or records)}


# Skip reasons recorded before issue 17 end with the requirement's code, e.g. "（R-06）": codes
# are for developers, so the form, its print and its PDF leave them out. Comments people wrote
# are shown as written.
REQUIREMENT_CODES = re.compile(r"（R-\d\d(?:[、，,]\s*R-\d\d)*）")


def shown_reason(reason: str) -> str:
    return REQUIREMENT_CODES.sub("", reason or "")


def _record_line(step: str, record: ApprovalStep | None) -> SheetLine:
    if record is None:
        return SheetLine(step=rules.STEP_LABELS[step])
    return SheetLine(
        step=rules.STEP_LABELS[step],
        signer=record.signer_name,
        unit=record.signer_unit_name,
        decision=str(record.get_decision_display()),
        opinion=shown_reason(record.skip_reason) or record.comment,
        decided_at=sheet_time(record.decided_at),
        checklist=record.checklist_confirmed,
        revision_id=record.revision_id,
    )


def _header(form: ApprovalForm) -> tuple[tuple[str, str], ...]:
    column = form.column_title
    if form.column_owner_name:
        column = f"{column}（{_('责任科室')}：{form.column_owner_name}）"
    return (
        (str(_("标题")), form.article_title),
        (str(_("栏目")), column),
        (str(_("来源单位")), form.source_unit_name),
        (str(_("拟稿人")), form.drafter_name),
        (str(_("信息联络员")), form.liaison_name or "—"),
        (str(_("是否重大敏感信息")), str(_("是") if form.is_major_sensitive else _("否"))),
        (str(_("信息筛查敏感标记")), form.screening_markers or "—"),
        (str(_("疑似重复信息")), form.screening_duplicates or "—"),
    )


def _meta(form: ApprovalForm) -> tuple[tuple[str, str], ...]:
    return (
        (str(_("审批表编号")), str(form.pk)),
        (str(_("状态")), str(form.get_status_display())),
        (str(_("提交时间")), sheet_time(form.submitted_at)),
        (str(_("完成时间")), sheet_time(form.completed_at)),
        (str(_("核准版本")), str(form.approved_revision_id or "—")),
    )


def snapshot_lines(snapshot: dict) -> tuple[SheetLine, ...]:
    """The steps of an approval form as archived in a release log entry, for display."""
    return tuple(_snapshot_line(values) for values in snapshot.get("steps", ()))


def _snapshot_line(values: dict) -> SheetLine:
    decided_at = values.get("decided_at")
    decision = values.get("decision", "")
    return SheetLine(
        step=rules.STEP_LABELS.get(values.get("step"), values.get("step", "")),
        signer=values.get("signer_name", ""),
        unit=values.get("signer_unit_name", ""),
        decision=str(ApprovalStep.Decision(decision).label) if decision else "",
        opinion=shown_reason(values.get("skip_reason", "")) or values.get("comment", ""),
        decided_at=sheet_time(datetime.fromisoformat(decided_at)) if decided_at else "",
        checklist=bool(values.get("checklist_confirmed")),
        revision_id=values.get("revision_id"),
    )


def release_log_in_range(*, date_from: date | None, date_to: date | None):
    """Entries recorded on office-calendar days ``date_from`` to ``date_to``, both included."""
    entries = ReleaseLogEntry.objects.order_by("sequence").defer(
        "approved_content", "approval_form_snapshot", "materials"
    )
    if date_from:
        entries = entries.filter(recorded_at__gte=day_start(date_from))
    if date_to:
        entries = entries.filter(recorded_at__lt=day_start(date_to + timedelta(days=1)))
    return entries


LOG_COLUMNS = (
    (_("序号"), lambda e: e.sequence),
    (_("类型"), lambda e: str(e.get_kind_display())),
    (_("记录时间（北京时间）"), lambda e: office_time(e.recorded_at).replace(tzinfo=None)),
    (_("操作人"), lambda e: e.actor_name),
    (_("标题"), lambda e: e.article_title),
    (_("栏目"), lambda e: e.column_title),
    (_("页面编号"), lambda e: e.article_page_id),
    (_("发布版本"), lambda e: e.revision_id),
    (_("审批表编号"), lambda e: e.approval_form_id),
    (_("下线原因"), lambda e: e.reason),
    (_("内容SHA-256"), lambda e: e.content_sha256),
    (_("本条封印"), lambda e: e.entry_sha256),
    (_("封印算法"), lambda e: release_log.scheme_label(e.seal_algorithm, e.seal_key_version)),
)
XLSX_WIDTHS = (8, 8, 20, 12, 40, 16, 10, 10, 10, 30, 66, 66, 20)


def release_log_csv(entries) -> Iterator[str]:
    return spreadsheets.csv_lines(_log_headings(), _log_rows(entries))


def release_log_xlsx(entries) -> bytes:
    return spreadsheets.xlsx_bytes(
        title=_("信息发布日志"),
        headings=_log_headings(),
        rows=_log_rows(entries),
        widths=XLSX_WIDTHS,
    )


def _log_headings():
    return [heading for heading, _get in LOG_COLUMNS]


def _log_rows(entries):
    return ([get(entry) for _heading, get in LOG_COLUMNS] for entry in entries.iterator())
