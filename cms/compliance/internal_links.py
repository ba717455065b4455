"""Internal links of items (issue 14, R-18): to pages that are gone, unpublished or moved, and to
documents that are gone. A fixed number of queries for a batch of items."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from cms.compliance import links as L

PAGE_GONE = "链接的页面已删除"
PAGE_UNPUBLISHED = "链接的页面已下线"
DOCUMENT_GONE = "链接的文档已删除"
PATH_MOVED = "页面已迁移，原地址只经跳转可达，请改为新地址"
PATH_MISSING = "站内地址不存在或页面已下线"


@dataclass(frozen=True)
class Problem:
    kind: str
    url: str
    problem: str


def own_hosts() -> frozenset[str]:
    hosts = set(Site.objects.values_list("hostname", flat=True))
    for base in (settings.PUBLIC_BASE_URL, settings.WAGTAILADMIN_BASE_URL):
        if host := urlsplit(base).hostname:
            hosts.add(host)
    return frozenset(h.lower() for h in hosts)


def item_links(article, hosts: frozenset[str]) -> list[L.Link]:
    found = []
    for block in getattr(article, "body", None) or ():
        if block.block_type == "paragraph":
            found += [x for x in L.links_in(block.value.source, own_hosts=hosts) if x not in found]
    return found


def internal_problems(links: list[L.Link]) -> dict[L.Link, Problem]:
    """The broken ones among ``links`` and why (external links are left to the checker)."""
    page_ids = {int(x.target) for x in links if x.kind == L.PAGE}
    doc_ids = {int(x.target) for x in links if x.kind == L.DOCUMENT}
    doc_ids |= {d for x in links if x.kind == L.PATH and (d := L.document_id(x.target))}
    pages = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "live"))
    docs = set(get_document_model().objects.filter(pk__in=doc_ids).values_list("pk", flat=True))
    paths = _live_paths({x.target for x in links if x.kind == L.PATH})
    return {x: p for x in links if (p := _problem(x, pages, docs, paths))}


def _problem(link, pages, docs, paths) -> Problem | None:
    if link.kind == L.PAGE:
        live = pages.get(int(link.target))
        problem = PAGE_GONE if live is None else None if live else PAGE_UNPUBLISHED
        return Problem(link.kind, link_label(link), problem) if problem else None
    if link.kind == L.DOCUMENT:
        gone = int(link.target) not in docs
        return Problem(link.kind, link_label(link), DOCUMENT_GONE) if gone else None
    if link.kind == L.PATH:
        if doc := L.document_id(link.target):
            return None if doc in docs else Problem(link.kind, link.target, DOCUMENT_GONE)
        return paths.get(link.target)
    return None


def _live_paths(paths: set[str]) -> dict[str, Problem]:
    """Per path that leads to no live page: why (moved, with a redirect, or missing)."""
    if not paths:
        return {}
    wanted = {_url_path(root, p): p for p in paths for root in _site_roots()}
    live = set(Page.objects.live().filter(url_path__in=wanted).values_list("url_path", flat=True))
    reached = {wanted[u] for u in live}
    missing = paths - reached
    moved = set(
        Redirect.objects.filter(
            old_path__in=[Redirect.normalise_path(p) for p in missing]
        ).values_list("old_path", flat=True)
    )
    return {
        p: Problem(L.PATH, p, PATH_MOVED if Redirect.normalise_path(p) in moved else PATH_MISSING)
        for p in missing
    }


def _site_roots() -> list[str]:
    return list(Site.objects.values_list("root_page__url_path", flat=True)) or ["/"]


def _url_path(root: str, path: str) -> str:
    return root.rstrip("/") + "/" + path.strip("/") + ("/" if path.strip("/") else "")


def link_label(link: L.Link) -> str:
    """How a link is named in findings: a chosen page or document by its id and text."""
    if link.kind == L.PAGE:
        return f"站内页面#{link.target}（{link.text}）"
    if link.kind == L.DOCUMENT:
        return f"站内文档#{link.target}（{link.text}）"
    return link.target
