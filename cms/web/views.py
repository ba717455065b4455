"""The public site's own views: its pages (Wagtail's serving behind the page cache), search,
the display switch, sitemap and robots.txt (R-24). Each answers 404 when the site is off
(``PUBLIC_SITE``), robots.txt excepted."""

import functools

from django.contrib.sitemaps.views import sitemap
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from cms.api import selectors
from cms.compliance.visits import count_page_view
from cms.core.conf import get_setting
from cms.security.ratelimit import too_many_page, usage
from cms.web import display, listing, routing
from cms.web.context import page_number, pagination, site_context
from cms.web.page_cache import cached_page
from cms.web.scope import absolute_url, request_columns, request_scope
from cms.web.sitemaps import PublishedSitemap

QUERY_MAX_CHARS = 100
SEARCH_TOO_OFTEN = "搜索过于频繁，请稍后再试。"


def public_site_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not get_setting("PUBLIC_SITE"):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _results(request, query: str) -> dict:
    scope = request_scope(request)
    size = get_setting("WEB_PAGE_SIZE")
    number = page_number(request)
    start = (number - 1) * size
    count, ids = selectors.article_search_ids(scope, query, start=start, stop=start + size)
    rows = selectors.article_rows_by_ids(scope, ids)
    return {
        "items": listing.listing_items(scope, rows, request_columns(request)),
        "pager": pagination(number, count, size) if count else None,
    }


@public_site_only
def serve(request, path: str):
    """A public page behind the page cache: looked up among what the public may see
    (``cms/web/routing.py``) before anything is drawn or stored, else not found."""
    response = cached_page(request, lambda: _page_response(request, path))
    count_page_view(request, response)  # in the cache, no database write (cms.compliance)
    return response


def _page_response(request, path: str):
    page = routing.public_page(request, path)
    if page is None:
        raise Http404
    return routing.page_serve(request, page)


@require_GET
@public_site_only
def search(request):
    """``/search/?q=``: the API's Chinese full-text search, best match first."""
    query = " ".join(request.GET.get("q", "").split())[:QUERY_MAX_CHARS]
    if query:
        counted = usage(
            request, group="xiuying.web.search", rate=get_setting("API_SEARCH_RATE_LIMIT")
        )
        if counted and counted["should_limit"]:
            return too_many_page(counted, SEARCH_TOO_OFTEN)
    context = {**site_context(request), "query": query, "items": [], "pager": None}
    if query:
        context.update(_results(request, query))
    return TemplateResponse(request, "web/search.html", context)


@require_GET
@public_site_only
def display_switch(request, name: str):
    if name not in display.FLAGS:
        raise Http404
    return display.display_switch(request, name)


@require_GET
@public_site_only
def sitemap_xml(request):
    return sitemap(request, sitemaps={"pages": PublishedSitemap(request)})


@require_GET
def robots_txt(request):
    """Crawlers may read the public pages, never the admin, the API's previews or the switch;
    with the public site off, nothing."""
    if not get_setting("PUBLIC_SITE"):
        lines = ["User-agent: *", "Disallow: /"]
    else:
        lines = [
            "User-agent: *",
            "Disallow: /admin/",
            "Disallow: /api/",
            "Disallow: /display/",
            "Disallow: /search/",
            f"Sitemap: {absolute_url('/sitemap.xml')}",
        ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
