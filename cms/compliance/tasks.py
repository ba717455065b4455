"""Background jobs of the compliance watch (django-tasks; the worker runs them)."""

from django_tasks import task

from cms.compliance.linkscan import items_rescan, live_links_scan
from cms.compliance.visits import visits_flush
from columns.models import ArticlePage


@task()
def links_rescan_task(page_ids: list[int]) -> dict:
    """Rebuild the broken-link findings of these items (after a target changed)."""
    found = items_rescan(ArticlePage.objects.filter(pk__in=page_ids))
    return {"items": len(page_ids), "broken": found}


@task()
def live_links_scan_task() -> dict:
    """The scheduled scan: external addresses checked, every live item's findings rebuilt."""
    report = live_links_scan()
    return {
        "items": report.items,
        "external_checked": report.external_checked,
        "broken": report.broken,
    }


@task()
def visits_flush_task() -> dict:
    """Write the visit counters of the cache to the database."""
    flushed = visits_flush()
    return {"views": flushed.views, "written": flushed.written}
