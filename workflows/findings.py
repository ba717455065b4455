"""What the site specialist does with a finding of rescreening on a live item (R-18): take the
item down at once, with an incident record for reporting, or dismiss it with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cms.core.names import display_name
from cms.screening.models import ScreeningFinding
from cms.security.models import Incident
from columns.permissions import user_can_take_down
from workflows.exports import sheet_time
from workflows.models import ReleaseLogEntry
from workflows.takedown import article_take_down

FINDING_DENIED = "只有网站管理员和网站专管员可以处理复查发现。"
DISMISS_REASON_REQUIRED = "忽略复查发现必须注明理由。"
FINDING_CLOSED = "该复查发现已处理。"
ARTICLE_GONE = "该信息已被删除，请忽略此发现。"
INCIDENT_SUMMARY = "复查已发布信息《{title}》发现{count}处问题：{details}"
INCIDENT_ACTIONS = "{when}由{who}将该信息下线（发布日志第{sequence}条），下线原因：{reason}"


def _check_may_handle(user) -> None:
    if not user_can_take_down(user):
        raise PermissionDenied(FINDING_DENIED)


def _open_findings(finding) -> list[ScreeningFinding]:
    if finding.status != ScreeningFinding.Status.OPEN:
        raise ValidationError(FINDING_CLOSED)
    return list(
        ScreeningFinding.objects.select_for_update()
        .filter(article_page_id=finding.article_page_id, status=ScreeningFinding.Status.OPEN)
        .order_by("found_at", "pk")
    )


@transaction.atomic
def finding_take_down(*, user, finding: ScreeningFinding, reason: str) -> Incident:
    """Take the item down at once with ``reason`` (the release log records it), close every
    open finding on it and open an incident record for reporting (R-18)."""
    _check_may_handle(user)
    if finding.article is None:
        raise ValidationError(ARTICLE_GONE)
    findings = _open_findings(finding)
    article = finding.article
    article_take_down(user=user, article=article, reason=reason)
    incident = _incident_open(user, article, findings, reason.strip())
    _close(findings, user, ScreeningFinding.Status.TAKEN_DOWN, reason.strip(), incident)
    return incident


def _incident_open(user, article, findings, reason: str) -> Incident:
    entry = ReleaseLogEntry.objects.filter(
        article_page_id=article.pk, kind=ReleaseLogEntry.Kind.TAKEDOWN
    ).first()  # newest first
    now, name = timezone.now(), display_name(user)
    details = "；".join(f.message for f in findings)
    return Incident.objects.create(
        kind=Incident.Kind.HARMFUL_CONTENT,
        summary=INCIDENT_SUMMARY.format(title=article.title, count=len(findings), details=details),
        occurred_at=findings[0].found_at,
        opened_by=user,
        opened_by_name=name,
        article_page_id=article.pk,
        article_title=article.title,
        article_url=article.full_url or "",
        actions_taken=INCIDENT_ACTIONS.format(
            when=sheet_time(now), who=name, sequence=entry.sequence if entry else "—", reason=reason
        ),
        takedown_reason=reason,
        release_log_sequence=entry.sequence if entry else None,
    )


def _close(findings, user, status, resolution: str, incident=None) -> None:
    ScreeningFinding.objects.filter(pk__in=[f.pk for f in findings]).update(
        status=status,
        resolved_by=user,
        resolved_at=timezone.now(),
        resolution=resolution,
        incident=incident,
    )


@transaction.atomic
def finding_dismiss(*, user, finding: ScreeningFinding, reason: str) -> int:
    """Dismiss the open findings on the item (a false alarm), with the reason; returns how many."""
    _check_may_handle(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(DISMISS_REASON_REQUIRED)
    findings = _open_findings(finding)
    _close(findings, user, ScreeningFinding.Status.DISMISSED, reason)
    return len(findings)
