"""Watching live content (R-18): rescreening every live item, nightly (``manage.py rescreen``)
and after every lexicon change (``rescreen_live_task``, a django-tasks task), and what the site
specialist does with a finding: take the item down with an incident record, or dismiss it.

django-tasks runs tasks with the backend of the ``TASKS`` setting; without one it uses its
immediate backend, which runs the rescreen in the request that changed the lexicon. A large
site configures a queued backend and a worker so the request returns at once.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cms.core.names import display_name
from cms.screening.engine import BLOCKING_KINDS
from cms.screening.models import LexiconVersion, ScreeningFinding
from cms.screening.services import article_screen
from cms.security.models import Incident

logger = logging.getLogger(__name__)

FINDING_DENIED = "只有网站管理员和网站专管员可以处理复查发现。"
DISMISS_REASON_REQUIRED = "忽略复查发现必须注明理由。"
FINDING_CLOSED = "该复查发现已处理。"
ARTICLE_GONE = "该信息已被删除，请忽略此发现。"
INCIDENT_SUMMARY = "复查已发布信息《{title}》发现{count}处问题：{details}"
INCIDENT_ACTIONS = "{when}由{who}将该信息下线（发布日志第{sequence}条），下线原因：{reason}"


@dataclass(frozen=True)
class RescreenReport:
    scanned: int
    new_findings: int
    version_id: int | None


Progress = Callable[[Iterable, int], Iterable]


def rescreen_live(*, progress: Progress | None = None) -> RescreenReport:
    """Screen every live item as the public sees it; store each blocking hit not yet recorded
    for that live revision as an open finding. ``progress(items, total)`` may wrap the loop."""
    from columns.models import ArticlePage

    version = LexiconVersion.objects.order_by("-pk").first()
    articles = (
        ArticlePage.objects.live()
        .select_related("cover_image")
        .prefetch_related("original_materials__document")
        .order_by("pk")
    )
    items = articles.iterator(chunk_size=200)
    scanned = created = 0
    for article in progress(items, articles.count()) if progress else items:
        created += _record_findings(article, version)
        scanned += 1
    logger.info("Rescreened %d live items: %d new findings", scanned, created)
    return RescreenReport(scanned, created, version.pk if version else None)


def _record_findings(article, version) -> int:
    hits = [hit for hit in article_screen(article).hits if hit.kind in BLOCKING_KINDS]
    created = 0
    for hit in hits:
        _, new = ScreeningFinding.objects.get_or_create(
            article_page_id=article.pk,
            revision_id=article.live_revision_id,
            kind=hit.kind,
            term=hit.term,
            field=hit.field[:200],
            start=hit.start,
            defaults=_finding_values(article, hit, version),
        )
        created += new
    return created


def _finding_values(article, hit, version) -> dict:
    return {
        "article": article,
        "article_title": article.title,
        "category": hit.category,
        "matched": hit.matched[:200],
        "suggestion": hit.suggestion,
        "message": hit.message,
        "lexicon_version": version,
    }


@task()
def rescreen_live_task() -> dict:
    report = rescreen_live()
    return {"scanned": report.scanned, "new_findings": report.new_findings}


# Findings on live items (R-18) ------------------------------------------------------------


def _check_may_handle(user) -> None:
    from columns.permissions import user_can_take_down

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
    from workflows.takedown import article_take_down

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
    from workflows.exports import sheet_time
    from workflows.models import ReleaseLogEntry

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
