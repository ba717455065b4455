"""What wraps every API operation: the rate limit per client address, then the cached
rendering with its ETag, Last-Modified and Cache-Control (applied with ninja's
``decorate_view``, around parsing and rendering, so a cache hit skips both). Public endpoints
count and look up in one round trip (``fastpath``) and read from the database replica when one is
configured (``cms.ops.db_router``); the preview, never cached, counts through
``cms.security.ratelimit`` and reads the revision just saved from the primary."""

import functools

from django.utils.http import parse_http_date_safe

from cms.api import cache
from cms.api.errors import RATE_LIMITED, error_response
from cms.api.fastpath import counted_lookup
from cms.core.conf import get_setting
from cms.ops.db_router import replica_reads
from cms.security.ratelimit import usage

PREVIEW_CACHE_CONTROL = "private, no-cache"


def _rate_limited(retry_after: int):
    response = error_response(429, "rate_limited", RATE_LIMITED)
    response["Retry-After"] = str(max(int(retry_after), 1))
    return response


def _too_many(request, group: str, rate_setting: str):
    counted = usage(request, group=group, rate=get_setting(rate_setting))
    if counted and counted["should_limit"]:
        return _rate_limited(counted.get("time_left") or 60)
    return None


def public_endpoint(*, group: str = "xiuying.api", rate_setting: str = "API_RATE_LIMIT"):
    """Rate-limited and cached on the server until the content changes."""

    def decorator(run):
        @functools.wraps(run)
        def wrapped(request, *args, **kwargs):
            # With the server cache off nothing is looked up either (nor served from an old run).
            key = cache.response_key(request) if get_setting("API_CACHE_SECONDS") else ""
            rate = get_setting(rate_setting)
            found = counted_lookup(request, group=group, rate=rate, key=key)
            request.xiuying_generation = found.generation["token"]
            if found.limited:
                limited = _rate_limited(found.retry_after)
                return _finished(request, limited, found.generation["stamp"], "no-store")
            rendered = found.rendered
            if rendered is None:
                with replica_reads():
                    rendered = cache.rendered_of(run(request, *args, **kwargs))
                if found.cache_available:
                    cache.cache_rendered(key, rendered, found.generation["token"])
            return cache.http_response(
                request,
                rendered,
                last_modified=found.generation["stamp"],
                cache_control=cache.public_cache_control(),
            )

        return wrapped

    return decorator


def _finished(request, response, stamp: int, cache_control: str):
    finished = cache.http_response(
        request, cache.rendered_of(response), last_modified=stamp, cache_control=cache_control
    )
    if "Retry-After" in response:
        finished["Retry-After"] = response["Retry-After"]
    return finished


def preview_endpoint(run):
    """Rate-limited, never cached on the server nor shared by proxies."""

    @functools.wraps(run)
    def wrapped(request, *args, **kwargs):
        response = _too_many(request, "xiuying.api.preview", "API_RATE_LIMIT")
        response = response or run(request, *args, **kwargs)
        # The preview operation dates its response by the revision it shows.
        stamp = parse_http_date_safe(response.get("Last-Modified", ""))
        return _finished(
            request, response, stamp or cache.generation()["stamp"], PREVIEW_CACHE_CONTROL
        )

    return wrapped
