"""What the public may see, once per request and once per content generation: the API's
published scope and column tree, kept in the process until a release, takedown or move starts a
new generation (``cms/api/cache.py``)."""

from django.conf import settings
from django.utils.encoding import iri_to_uri

from cms.api import cache, selectors


def request_generation(request) -> dict:
    """The content generation this request is served in (one cache read, kept on the request)."""
    if not hasattr(request, "xiuying_web_generation"):
        request.xiuying_web_generation = cache.generation()
    return request.xiuying_web_generation


def request_scope(request) -> selectors.Scope:
    token = request_generation(request)["token"]
    return cache.memoised(token, "scope", selectors.published_scope)


def request_columns(request) -> dict[str, dict]:
    """Every published column by tree path (the API's ``column_refs``)."""
    scope = request_scope(request)
    token = request_generation(request)["token"]
    return cache.memoised(token, "columns", lambda: selectors.column_refs(scope))


def request_column_addresses(request) -> dict[str, dict]:
    """The published columns by tree ``url_path``: what public addresses are looked up in."""
    token = request_generation(request)["token"]
    columns = request_columns(request)
    return cache.memoised(
        token, "column_addresses", lambda: {row["url_path"]: row for row in columns.values()}
    )


def public_path(url_path: str, root_url_path: str) -> str:
    """Pure: a page's path on the site from its tree ``url_path`` and the site root's
    (``/xiuying/news/a/`` under ``/xiuying/`` -> ``/news/a/``)."""
    if not url_path.startswith(root_url_path):
        return url_path
    return "/" + url_path[len(root_url_path) :]


def absolute_url(path: str) -> str:
    """``path`` under ``PUBLIC_BASE_URL``, never under the request's Host header."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def page_path(scope: selectors.Scope, url_path: str) -> str:
    """A page's address on the site, percent-encoded as Wagtail's ``Page.url`` is."""
    return iri_to_uri(public_path(url_path, scope.root.url_path if scope.root else "/"))
