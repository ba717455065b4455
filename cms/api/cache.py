"""ETags, Last-Modified and the server-side cache of rendered responses (R-24).

Every cached response is stamped with the *generation* of the content it was rendered in;
publishing, unpublishing and takedown start a new generation (one cache write), so no stale
response is ever served and nothing has to find and delete keys. A request reads the generation
and its response in the same round trip as its rate-limit count (``fastpath``). The cache is
``API_CACHE_ALIAS`` (Redis when ``REDIS_URL`` is set, so all workers share it). ``wx.request``
keeps no HTTP cache, so clients send ``If-None-Match`` themselves; a match answers 304 without a
body.
"""

import hashlib
import time
import uuid
from dataclasses import dataclass, replace

from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from cms.api.media import public_base_url
from cms.core.conf import get_setting

GENERATION_KEY = "xiuying:api:generation"
RESPONSE_KEY = "xiuying:api:response:{digest}"


@dataclass(frozen=True)
class Rendered:
    status: int
    content: bytes
    content_type: str
    etag: str
    generation: str = ""


def api_cache():
    return caches[get_setting("API_CACHE_ALIAS")]


def _new_generation() -> dict:
    return {"token": uuid.uuid4().hex, "stamp": int(time.time())}


def generation() -> dict:
    """The current content generation: ``{"token", "stamp"}`` (stamp: its start, in seconds)."""
    cache = api_cache()
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        current = cache.get(GENERATION_KEY) or _new_generation()
    return current


_memo: dict = {"token": None, "values": {}}


MEMO_LIMIT = 512


def memoised(token: str, name: str, compute):
    """A value that changes only with the content generation (what is public, the column
    tree), kept in this process until the generation moves on."""
    if _memo["token"] != token:
        _memo.update(token=token, values={})
    values = _memo["values"]
    if name in values:
        return values[name]
    value = compute()
    # Names may carry request filters: a client varying them must not grow the process.
    if len(values) < MEMO_LIMIT:
        values[name] = value
    return value


def api_cache_invalidate() -> None:
    """Start a new generation: every cached response and every ETag's Last-Modified moves on."""
    api_cache().set(GENERATION_KEY, _new_generation(), None)


def etag_of(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def response_key(request) -> str:
    query = sorted((key, value) for key, values in request.GET.lists() for value in values)
    # The base of absolute URLs: one in production, the request's own in development.
    keyed = repr((public_base_url(), request.path, query)).encode()
    digest = hashlib.blake2b(keyed, digest_size=16).hexdigest()
    return RESPONSE_KEY.format(digest=digest)


def rendered_of(response) -> Rendered:
    content = response.content
    return Rendered(response.status_code, content, response["Content-Type"], etag_of(content))


def cache_rendered(key: str, rendered: Rendered, token: str) -> None:
    seconds = get_setting("API_CACHE_SECONDS")
    if seconds and rendered.status == 200:
        api_cache().set(key, replace(rendered, generation=token), seconds)


def http_response(request, rendered: Rendered, *, last_modified: int, cache_control: str):
    """The response for ``rendered``, or 304 when the client's ETag or date still holds."""
    response = HttpResponse(
        rendered.content, status=rendered.status, content_type=rendered.content_type
    )
    response["ETag"] = rendered.etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = cache_control if rendered.status == 200 else "no-store"
    return get_conditional_response(
        request, etag=rendered.etag, last_modified=last_modified, response=response
    )


def public_cache_control() -> str:
    return f"public, max-age={get_setting('API_MAX_AGE_SECONDS')}"
