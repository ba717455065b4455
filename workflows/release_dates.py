"""When an item, a column or the site was last updated: one definition for every report and
reader (issue 17, R-11, R-20, R-21, R-24). An update is a release, as the release log
(信息发布日志) records it: the 栏目考核 report, the 栏目更新监测 watch and its dashboard panel,
the liaisons' contribution records, the public site and the mini-program API all read it here,
so they cannot disagree.

A takedown does not undo the update a release made (it is its own entry in the log); a column
whose items were all taken down still had its last update when the last of them was released.
"""

from datetime import datetime

from django.db.models import Max, OuterRef, Subquery
from wagtail.models import Page

from workflows.models import ReleaseLogEntry


def releases(*, until: datetime | None = None):
    """The release log's release entries, those recorded before ``until`` when given."""
    entries = ReleaseLogEntry.objects.filter(kind=ReleaseLogEntry.Kind.RELEASE)
    return entries if until is None else entries.filter(recorded_at__lt=until)


def last_release_of_item(page_id: int) -> datetime | None:
    """When the item's latest release was logged."""
    entries = releases().filter(article_page_id=page_id)
    return entries.aggregate(latest=Max("recorded_at"))["latest"]


def last_release_among(pages, *, until: datetime | None = None) -> datetime | None:
    """The newest release among ``pages`` (a queryset of items), in one query."""
    entries = releases(until=until).filter(article_page_id__in=pages.values("pk"))
    return entries.aggregate(latest=Max("recorded_at"))["latest"]


def last_release_by_parent(*, until: datetime | None = None) -> dict[str, datetime]:
    """The newest release of the items of each parent page, keyed by the parent's tree path,
    in one query whatever the number of items."""
    entries = releases(until=until)
    newest = (
        entries.filter(article_page_id=OuterRef("pk"))
        .order_by("-recorded_at")
        .values("recorded_at")[:1]
    )
    rows = (
        Page.objects.filter(pk__in=entries.values("article_page_id"))
        .annotate(released=Subquery(newest))
        .values_list("path", "depth", "released")
    )
    by_parent: dict[str, datetime] = {}
    for path, depth, released in rows:
        parent = path[: (depth - 1) * Page.steplen]
        if parent not in by_parent or released > by_parent[parent]:
            by_parent[parent] = released
    return by_parent
