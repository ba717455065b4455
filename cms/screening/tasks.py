"""Watching live content (R-18): rescreening every live item, nightly (``manage.py rescreen``)
and after every lexicon change (``rescreen_live_task``, a django-tasks task). What the site
specialist does with a finding (take the item down, or dismiss it) is ``workflows.findings``.

django-tasks runs tasks with the backend of the ``TASKS`` setting; without one it uses its
immediate backend, which runs the rescreen in the request that changed the lexicon. A large
site configures a queued backend and a worker so the request returns at once.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from cms.screening.engine import BLOCKING_KINDS
from cms.screening.models import LexiconVersion, RescreenRun, ScreeningFinding
from cms.screening.services import article_screen
from columns.models import ArticlePage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RescreenReport:
    scanned: int
    new_findings: int
    version_id: int | None


Progress = Callable[[Iterable, int], Iterable]


def rescreen_live(*, progress: Progress | None = None) -> RescreenReport:
    """Screen every live item as the public sees it; store each blocking hit not yet recorded
    for that live revision as an open finding. ``progress(items, total)`` may wrap the loop."""
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


PROGRESS_EVERY = 20  # items between two writes of a run's progress


@task()
def rescreen_live_task(run_id: int | None = None) -> dict:
    run = RescreenRun.objects.filter(pk=run_id).first() if run_id else None
    try:
        report = rescreen_live(progress=_run_progress(run) if run else None)
    except Exception:
        if run:
            RescreenRun.objects.filter(pk=run.pk).update(status=RescreenRun.Status.FAILED)
        raise
    if run:
        RescreenRun.objects.filter(pk=run.pk).update(
            status=RescreenRun.Status.FINISHED,
            done=report.scanned,
            new_findings=report.new_findings,
            finished_at=timezone.now(),
        )
    return {"scanned": report.scanned, "new_findings": report.new_findings}


def _run_progress(run: RescreenRun) -> Progress:
    def progress(items, total):
        RescreenRun.objects.filter(pk=run.pk).update(
            status=RescreenRun.Status.RUNNING, total=total, done=0
        )
        for number, item in enumerate(items, 1):
            yield item
            if number % PROGRESS_EVERY == 0:
                RescreenRun.objects.filter(pk=run.pk).update(done=F("done") + PROGRESS_EVERY)

    return progress


def rescreen_queue(*, reason: str) -> RescreenRun:
    """Queue a rescreening of every live item in the worker; its run shows the progress."""
    run = RescreenRun.objects.create(reason=reason[:255])
    rescreen_live_task.enqueue(run.pk)
    return run
