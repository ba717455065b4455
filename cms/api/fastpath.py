"""A cached API request in one cache round trip: count it against its client's rate limit and
read the content generation and the rendered response together, in one Redis pipeline.

django-ratelimit takes two round trips to count (``add``, then an ``incr`` script) and the
response lookup a third; on a busy host each costs more than Django's whole request, so the
cached path would be slower than half a bare Django view. The counting is django-ratelimit's
fixed window (``RATE`` per period, per client address from ``cms.security.client_ip``). Caches
other than django-redis (the tests' local memory) take the same steps one call at a time.

When Redis cannot be reached the request is served uncached and not counted (a warning is
logged, at most once a minute per process): the public site stays up without its cache, and
django-redis itself is told to ignore the errors of every other cache call (settings).
"""

import hashlib
import logging
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from cms.api import cache
from cms.security.client_ip import client_ip

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
REDIS_DOWN = "Redis unreachable (%s): serving the API uncached and without rate limits"
WARNING_INTERVAL_SECONDS = 60

logger = logging.getLogger(__name__)
_warned = {"at": float("-inf")}
OUTAGE_GENERATION_SECONDS = 5
_outage: dict = {"started": float("-inf"), "generation": None}


@dataclass(frozen=True)
class Lookup:
    limited: bool
    retry_after: int
    generation: dict
    rendered: cache.Rendered | None
    cache_available: bool = True


def rate_of(rate: str) -> tuple[int, int]:
    """Pure: ``"300/m"`` -> ``(300, 60)``; ``"10/5m"`` -> ``(10, 300)``."""
    count, _, period = rate.partition("/")
    multiplier = int(period[:-1] or 1)
    return int(count), multiplier * PERIODS[period[-1]]


def _counter_key(request, group: str, period: int) -> str:
    window = int(time.time() // period)
    address = hashlib.blake2b(client_ip(request).encode(), digest_size=12).hexdigest()
    return f"xiuying:api:rate:{group}:{address}:{window}"


def _pipelined(store, counter: str, period: int, key: str):
    client = store.client
    names = [client.make_key(name) for name in (counter, cache.GENERATION_KEY, key)]
    pipe = client.get_client(write=True).pipeline(transaction=False)
    pipe.incr(names[0])
    pipe.expire(names[0], period + 1)
    pipe.mget(names[1:])
    count, _, values = pipe.execute()
    return count, *(None if raw is None else client.decode(raw) for raw in values)


def _stepwise(store, counter: str, period: int, key: str):
    store.add(counter, 0, period + 1)
    count = store.incr(counter)
    found = store.get_many([cache.GENERATION_KEY, key])
    return count, found.get(cache.GENERATION_KEY), found.get(key)


def _outage_generation() -> dict:
    """A generation of this process that lasts OUTAGE_GENERATION_SECONDS: what is public and
    the column tree are computed once per span, not per request, and a release made meanwhile
    shows within the span."""
    now = time.monotonic()
    if now - _outage["started"] >= OUTAGE_GENERATION_SECONDS:
        _outage.update(
            started=now, generation={"token": uuid.uuid4().hex, "stamp": int(time.time())}
        )
    return _outage["generation"]


def _uncached(error: Exception) -> Lookup:
    """Not limited and nothing cached; the generation is this process's own for a few seconds
    (Last-Modified is its start)."""
    now = time.monotonic()
    if now - _warned["at"] >= WARNING_INTERVAL_SECONDS:
        _warned["at"] = now
        logger.warning(REDIS_DOWN, error)
    return Lookup(False, 0, _outage_generation(), None, cache_available=False)


def counted_lookup(request, *, group: str, rate: str, key: str) -> Lookup:
    limit, period = rate_of(rate)
    store = cache.api_cache()
    counter = _counter_key(request, group, period)
    steps = _pipelined if hasattr(getattr(store, "client", None), "get_client") else _stepwise
    try:
        count, current, rendered = steps(store, counter, period, key)
    except (RedisConnectionError, RedisTimeoutError) as error:
        return _uncached(error)
    current = current or cache.generation()
    if not key or (rendered is not None and rendered.generation != current["token"]):
        rendered = None
    limited = getattr(settings, "RATELIMIT_ENABLE", True) and count > limit
    return Lookup(limited, period - int(time.time()) % period, current, rendered)
