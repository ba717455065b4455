"""Broken links on live items (issue 14, R-18): kept as ``LinkFinding`` rows, rebuilt for an
item when it is published and for the items linking to a page or document when that is
unpublished, deleted or published again, and for every live item by the scheduled scan, which
also refreshes the external addresses through the checker.

Who links to what comes from Wagtail's reference index (links chosen in the editor, documents
in blocks); addresses typed by hand are read from the items themselves.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from cms.compliance import linkcheck
from cms.compliance import links as L
from cms.compliance.internal_links import internal_problems, item_links, own_hosts
from cms.compliance.models import ExternalLink, LinkFinding
from cms.core.conf import get_setting
from columns.models import ArticlePage


@dataclass(frozen=True)
class ScanReport:
    items: int
    external_checked: int
    broken: int


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


def checker_options() -> linkcheck.Options:
    return linkcheck.Options(
        per_host=get_setting("LINKCHECK_PER_HOST"),
        concurrency=get_setting("LINKCHECK_CONCURRENCY"),
        timeout=get_setting("LINKCHECK_TIMEOUT_SECONDS"),
        max_redirects=get_setting("LINKCHECK_MAX_REDIRECTS"),
        user_agent=get_setting("LINKCHECK_USER_AGENT"),
    )


def external_refresh(urls, *, now: datetime | None = None) -> int:
    """Check the addresses not checked within LINKCHECK_RECHECK_HOURS; returns how many."""
    now = now or timezone.now()
    fresh_since = now - timedelta(hours=get_setting("LINKCHECK_RECHECK_HOURS"))
    urls = set(urls)
    fresh = set(
        ExternalLink.objects.filter(
            url_sha256__in=[url_key(u) for u in urls], checked_at__gte=fresh_since
        ).values_list("url", flat=True)
    )
    due = sorted(urls - fresh)
    if due:
        results = linkcheck.check_urls(due, checker_options())
        for url in due:
            _store(results[url], now)
    return len(due)


def _store(result: linkcheck.Result, now: datetime) -> ExternalLink:
    row, _ = ExternalLink.objects.get_or_create(
        url_sha256=url_key(result.url),
        defaults={"url": result.url, "host": urlsplit(result.url).hostname or ""},
    )
    row.status, row.final_url, row.redirects = result.status, result.final_url, result.redirects
    row.error, row.robots_disallowed, row.checked_at = result.error, result.robots_disallowed, now
    row.first_broken_at = (row.first_broken_at or now) if result.broken else None
    row.broken = result.broken
    row.save()
    return row


def _external_problem(row: ExternalLink) -> str:
    if row.error:
        return row.error
    return linkcheck.STATUS_BROKEN.format(status=row.status)


@transaction.atomic
def items_rescan(articles, *, now: datetime | None = None) -> int:
    """Rebuild the findings of ``articles`` (live ones get rows, others lose theirs)."""
    now = now or timezone.now()
    articles = list(articles)
    hosts = own_hosts()
    links = {a.pk: item_links(a, hosts) for a in articles if a.live}
    every = [link for found in links.values() for link in found]
    internal = internal_problems(every)
    broken = _broken_external({x.target for x in every if x.kind == L.EXTERNAL})
    old = {
        (f.article_page_id, f.url): f.found_at
        for f in LinkFinding.objects.filter(article_page_id__in=[a.pk for a in articles])
    }
    LinkFinding.objects.filter(article_page_id__in=[a.pk for a in articles]).delete()
    rows = [
        LinkFinding(
            article_page_id=a.pk,
            article_title=a.title,
            url=url,
            kind=kind,
            problem=problem,
            found_at=old.get((a.pk, url), since or now),
        )
        for a in articles
        if a.live
        for url, kind, problem, since in _item_problems(links[a.pk], internal, broken)
    ]
    LinkFinding.objects.bulk_create(rows)
    return len(rows)


def _broken_external(urls) -> dict[str, ExternalLink]:
    rows = ExternalLink.objects.filter(url_sha256__in=[url_key(u) for u in urls], broken=True)
    return {row.url: row for row in rows}


def _item_problems(links, internal, broken):
    for link in links:
        if link.kind == L.EXTERNAL and link.target in broken:
            row = broken[link.target]
            yield link.target, L.EXTERNAL, _external_problem(row), row.first_broken_at
        elif link.kind != L.EXTERNAL:
            problem = internal.get(link)
            if problem is not None:
                yield problem.url, problem.kind, problem.problem, None


def live_links_scan(*, check_external: bool = True, now: datetime | None = None) -> ScanReport:
    """Every live item: external addresses refreshed (unless told not to), findings rebuilt."""
    now = now or timezone.now()
    articles = list(ArticlePage.objects.live().order_by("pk"))
    hosts = own_hosts()
    checked = 0
    if check_external:
        urls = {x.target for a in articles for x in item_links(a, hosts) if x.kind == L.EXTERNAL}
        checked = external_refresh(urls, now=now)
    LinkFinding.objects.exclude(article_page_id__in=[a.pk for a in articles]).delete()
    return ScanReport(len(articles), checked, items_rescan(articles, now=now))


def live_referrers(target) -> list[ArticlePage]:
    """Live items whose live content links to ``target`` (a page or a document)."""
    page_type = Page._meta  # references from pages are indexed under Page's content type
    rows = ReferenceIndex.get_references_to(target).filter(
        base_content_type__app_label=page_type.app_label,
        base_content_type__model=page_type.model_name,
    )
    ids = {int(object_id) for object_id in rows.values_list("object_id", flat=True)}
    return list(ArticlePage.objects.live().filter(pk__in=ids).order_by("title"))


def draft_link_problems(article) -> list[tuple[str, str]]:
    """(link, problem) of an item as given (a draft): internal links checked now, external
    ones as the checker last found them."""
    found = item_links(article, own_hosts())
    internal = internal_problems(found)
    broken = _broken_external({x.target for x in found if x.kind == L.EXTERNAL})
    return [(url, problem) for url, _, problem, _ in _item_problems(found, internal, broken)]
