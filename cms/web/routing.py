"""Which page a public address names, and serving it (R-24).

Wagtail routes an address by asking the database for each path segment's child, then for the
specific page; then the gate (``cms/web/hooks.py``) asks whether the page is public, and
Wagtail's own view-restriction check asks for the page's ancestors and their restrictions: eight
queries before anything is drawn. Here the address is looked up in the published column tree,
which is kept per content generation (``cms/web/scope.py``) with the columns' pages, and any
other page is fetched in one query that is the gate itself: the home page outside any
restriction, or a published item of a published column (``cms/api/selectors.py``). Anything
else is not found, so only what the API would serve is ever drawn.
"""

from django.http import HttpResponse
from wagtail import hooks
from wagtail.url_routing import RouteResult
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

from cms.api import cache
from cms.web import selectors
from cms.web.scope import request_column_addresses, request_generation, request_scope
from cms.web.wagtail_hooks import public_pages_only

# Hooks whose question the lookup has already answered: whether the page is public, and whether
# a view restriction covers it (the published scope excludes every restricted branch).
ANSWERED_HOOKS = (public_pages_only, check_view_restrictions)


def tree_url_path(root_url_path: str, path: str) -> str:
    """Pure: the tree ``url_path`` of a site address (``news/a/`` under ``/xiuying/`` ->
    ``/xiuying/news/a/``); empty segments are ignored, as Wagtail's routing does."""
    slugs = [slug for slug in path.split("/") if slug]
    return root_url_path + "".join(f"{slug}/" for slug in slugs)


def parent_url_path(url_path: str) -> str:
    """Pure: the ``url_path`` of the parent (``/xiuying/news/a/`` -> ``/xiuying/news/``)."""
    return url_path[: url_path.rstrip("/").rfind("/") + 1]


def public_page(request, path: str):
    """The specific page the public may open at ``path`` (a query at most), else None."""
    scope = request_scope(request)
    if scope.root is None:
        return None
    url_path = tree_url_path(scope.root.url_path, path)
    if url_path == scope.root.url_path:
        return selectors.home_page(scope)
    columns = request_column_addresses(request)
    if url_path in columns:
        return _column_page(request, columns[url_path]["pk"])
    parent_path = parent_url_path(url_path)
    if parent_path == scope.root.url_path:
        parent_tree_path = scope.root.path
    elif parent_path in columns:
        parent_tree_path = columns[parent_path]["path"]
    else:
        return None
    slug = url_path[len(parent_path) : -1]
    return selectors.article_page(scope, parent_path=parent_tree_path, slug=slug)


def _column_page(request, column_id: int):
    """A published column as a page, kept for the generation as the column tree is: its row
    changes only when it is published, moved or taken down, each a new generation."""
    token = request_generation(request)["token"]
    name = f"web:column-page:{column_id}"
    return cache.memoised(token, name, lambda: selectors.column_page(column_id))


def page_serve(request, page) -> HttpResponse:
    """Wagtail's ``serve`` view (``wagtail/views.py``) from its hooks on, for a page
    ``public_page`` has found: every hook runs but those in ``ANSWERED_HOOKS``."""
    request._wagtail_route_for_request = RouteResult(page)
    chain = serve_chain
    for hook in reversed(hooks.get_hooks("on_serve_page")):
        if hook not in ANSWERED_HOOKS:
            chain = hook(chain)
    for hook in hooks.get_hooks("before_serve_page"):
        if hook not in ANSWERED_HOOKS:
            result = hook(page, request, [], {})
            if isinstance(result, HttpResponse):
                return result
    return chain(page, request, [], {})
