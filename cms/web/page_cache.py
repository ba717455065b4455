"""Whole public pages cached on the server under the API's content generation
(``cms/api/cache.py``): a release, takedown, move or view-restriction change starts a new
generation, so a stale page is never served and nothing has to find and delete keys. The
generation and the page are read in one cache round trip; a hit costs no query. Responses carry
``ETag`` (a hash of the page), ``Last-Modified`` (the generation's start) and answer 304 when the
reader's copy still holds. Pages depend on the display cookie (大字版, 高对比度), never on the
account: the public templates show nothing personal."""

import hashlib
from dataclasses import replace

from django.utils.cache import patch_vary_headers

from cms.api import cache
from cms.core.conf import get_setting
from cms.web.display import request_flags

PAGE_KEY = "xiuying:web:page:{digest}"
# Only these query parameters make another page; a request with others is served uncached, so a
# crawler inventing parameters cannot fill the cache.
KEYED_PARAMETERS = frozenset({"page"})


def page_key(request) -> str | None:
    if request.method not in ("GET", "HEAD") or set(request.GET) - KEYED_PARAMETERS:
        return None
    parts = (request.path, request.GET.get("page", ""), sorted(request_flags(request)))
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return PAGE_KEY.format(digest=digest)


def _lookup(key: str | None) -> tuple[dict, cache.Rendered | None]:
    names = [cache.GENERATION_KEY, key] if key else [cache.GENERATION_KEY]
    found = cache.api_cache().get_many(names)
    generation = found.get(cache.GENERATION_KEY) or cache.generation()
    rendered = found.get(key) if key else None
    if rendered is not None and rendered.generation != generation["token"]:
        rendered = None
    return generation, rendered


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and response["Content-Type"].startswith("text/html")
    )


def _store(key: str, rendered: cache.Rendered, token: str) -> None:
    seconds = get_setting("WEB_CACHE_SECONDS")
    if seconds:
        rendered = replace(rendered, generation=token)
        cache.api_cache().set(key, rendered, seconds)


def cached_page(request, render):
    """The page ``render()`` would give, from the cache when this generation already drew it."""
    key = page_key(request) if get_setting("WEB_CACHE_SECONDS") else None
    generation, rendered = _lookup(key)
    request.xiuying_web_generation = generation
    if rendered is None:
        response = render()
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not _storable(response):
            return response
        rendered = cache.rendered_of(response)
        if key:
            _store(key, rendered, generation["token"])
    max_age = get_setting("WEB_MAX_AGE_SECONDS")
    response = cache.http_response(
        request,
        rendered,
        last_modified=generation["stamp"],
        cache_control=f"public, max-age={max_age}",
    )
    patch_vary_headers(response, ["Cookie"])
    return response
