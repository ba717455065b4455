"""Template contexts of the public pages: what every page shows (navigation, footer, display
settings, preview banner) and what each kind of page adds. A fixed number of queries per page,
whatever the size of a column (asserted in tests/cms/web/test_queries.py)."""

from django.conf import settings
from django.http import Http404

from cms.api import cache, selectors
from cms.core.conf import get_setting
from cms.web import listing
from cms.web.display import request_flags
from cms.web.scope import (
    absolute_url,
    page_path,
    request_columns,
    request_generation,
    request_scope,
)
from cms.web.selectors import (
    articles_under,
    latest_by_top_column,
    latest_release,
    newest_rows,
    rows_by_ids,
    site_footer,
    with_cover,
)

FOCUS_FILTERS = listing.filters("fill-480x270", "fill-960x540")
PREVIEW_LABELS = {"": "电脑版", "phone": "手机版", "miniprogram": "小程序"}


def _footer(request):
    """The footer settings of the site (its default Site, as the published scope's): changing
    them starts a new generation (cms/web/signals.py), so they are read once per generation."""
    token = request_generation(request)["token"]
    return cache.memoised(token, "footer", site_footer)


def site_context(request) -> dict:
    """What every public page shows around its content."""
    scope = request_scope(request)
    preview = getattr(request, "is_preview", False)
    mode = getattr(request, "preview_mode", "") or ""
    nav = listing.column_tree(scope, request_columns(request))
    for node in nav:
        node["current"] = request.path.startswith(node["url"])
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "nav": nav,
        "nav_current": request.path,
        "display": request_flags(request),
        "here": request.get_full_path(),
        "footer": _footer(request),
        "preview": {"mode": mode, "label": PREVIEW_LABELS.get(mode, "")} if preview else None,
    }


def page_number(request) -> int:
    """The ``page`` query parameter: a positive number, else the first page."""
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


def pagination(number: int, count: int, size: int) -> dict:
    """Pure: the numbers a pager shows. A page past the last is not found (Http404)."""
    pages = max(1, -(-count // size))
    if number > pages:
        raise Http404
    return {
        "number": number,
        "pages": pages,
        "count": count,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
    }


def _sections(scope, tree, items) -> list[dict]:
    by_top = {}
    for item in items:
        by_top.setdefault(item["top_path"], []).append(item)
    return [
        {"column": node, "items": by_top.get(node["path"], [])}
        for node in tree
        if node["kind"] != "notices"
    ]


def home_context(request, page) -> dict:
    scope, columns = request_scope(request), request_columns(request)
    tree = listing.column_tree(scope, columns)
    latest = latest_by_top_column(scope, per_column=get_setting("WEB_HOME_ITEMS_PER_COLUMN"))
    notice_paths = [path for path, row in columns.items() if row["column_kind"] == "notices"]
    notices = newest_rows(
        articles_under(scope, notice_paths), count=get_setting("WEB_HOME_NOTICES")
    )
    items = listing.listing_items(scope, latest + notices, columns, covers=())
    focus = newest_rows(with_cover(scope), count=get_setting("WEB_HOME_FOCUS"))
    notice_columns = [node for node in tree if node["kind"] == "notices"]
    return {
        "sections": _sections(scope, tree, items[: len(latest)]),
        "notices": items[len(latest) :],
        "notices_column": notice_columns[0] if notice_columns else None,
        "focus": listing.listing_items(scope, focus, columns, covers=FOCUS_FILTERS),
        "share": share_meta(page.title, page.search_description or settings.WAGTAIL_SITE_NAME, "/"),
    }


def share_meta(title: str, description: str, path: str, image_url: str = "") -> dict:
    return {
        "title": title,
        "description": description,
        "url": absolute_url(path),
        "image": image_url,
    }


def column_context(request, page) -> dict:
    scope, columns = request_scope(request), request_columns(request)
    ids, updated_at = _column_listing(request, page)
    size = get_setting("WEB_PAGE_SIZE")
    pager = pagination(page_number(request), len(ids), size)
    start = (pager["number"] - 1) * size
    rows = rows_by_ids(ids[start : start + size])
    parent = listing.column_of(columns, page.path)
    own = columns.get(page.path)
    return {
        "items": listing.listing_items(scope, rows, columns),
        "pager": pager,
        "updated_at": updated_at,
        "parent": listing.column_link(scope, parent) if parent else None,
        "children": _children(scope, columns, page),
        "is_published": own is not None,
        "share": share_meta(page.title, page.description, page_path(scope, page.url_path)),
    }


def _column_listing(request, page) -> tuple[list[int], object]:
    """The column's published items, newest first, as ids, and its last update: both change
    only with the content generation, so the published-scope query (the costly one to build
    and compile) runs once per column and generation; a page of the listing then reads its
    rows by id (``rows_by_ids``)."""
    token = request_generation(request)["token"]

    def listing_of_column():
        listed = selectors.articles_filter(request_scope(request), selectors.ArticleFilters(), page)
        ids = list(listed.order_by(*selectors.NEWEST_FIRST).values_list("pk", flat=True))
        return ids, latest_release(listed) or selectors.latest_update(listed)

    return cache.memoised(token, f"web:column:{page.path}", listing_of_column)


def _children(scope, columns, page) -> list[dict]:
    return [
        listing.column_link(scope, row)
        for path, row in columns.items()
        if path.startswith(page.path) and row["depth"] == page.depth + 1
    ]
