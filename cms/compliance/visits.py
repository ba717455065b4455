"""Visits (国办发〔2017〕47号 asks for a yearly report of visits): page views of the public pages
and article reads through the API, counted per page and day in the cache, and written to the
database in batches (``visits_flush``, by ``manage.py flush_visits`` from cron or the worker),
never by the request. No cookie is set and no address, agent or visitor is kept: a counter
only.

The request path costs one cache round trip (``incr``); the first view of a page in a day also
registers the counter in a per-day index (an ``incr`` handing out a slot, and a ``set``), which
is how the flush finds the counters without listing keys (Redis and local memory alike). The
flush takes a counter's value and decrements it by that much (``decr``, atomic), so views
counted meanwhile stay for the next flush: none is lost, none counted twice.

Counters must live in a cache every process shares (Redis in production, ``CACHES``): with
per-process local memory only the flushing process's own views would be written.
"""

import functools
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Site

from cms.compliance.models import DailyVisits
from cms.conf import get_setting

logger = logging.getLogger(__name__)

OFFICE_TZ = ZoneInfo("Asia/Shanghai")
COUNTER = "xiuying:visits:{day}:{channel}:{digest}"
INDEX_SIZE = "xiuying:visits:{day}:index"
INDEX_SLOT = "xiuying:visits:{day}:index:{slot}"
KEEP_SECONDS = 3 * 24 * 3600  # yesterday's counters are still flushed after midnight
WEB, API = DailyVisits.Channel.WEB, DailyVisits.Channel.API


def _store():
    return caches[get_setting("VISITS_CACHE_ALIAS")]


def _day(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(OFFICE_TZ).date()


def _digest(page_key: str) -> str:
    return hashlib.blake2b(page_key.encode(), digest_size=12).hexdigest()


def visit_count(*, channel: str, page_key: str, now: datetime | None = None) -> None:
    """Count one view of ``page_key`` (a public path, or an article id for the API). Never
    raises: a cache that is down loses the count, not the page."""
    if not get_setting("VISITS_COUNTING"):
        return
    day = _day(now).isoformat()
    key = COUNTER.format(day=day, channel=channel, digest=_digest(page_key))
    store = _store()
    try:
        try:
            store.incr(key)
        except ValueError:  # the first view of the day (or the counter was evicted)
            _register(store, key, day, (channel, page_key))
    except Exception:  # noqa: BLE001 - counting must never break serving
        logger.warning("visit not counted: the cache is unavailable", exc_info=True)


def _register(store, key: str, day: str, entry: tuple[str, str]) -> None:
    if not store.add(key, 1, KEEP_SECONDS):
        store.incr(key)  # another request registered it first
        return
    size_key = INDEX_SIZE.format(day=day)
    store.add(size_key, 0, KEEP_SECONDS)
    slot = store.incr(size_key)
    store.set(INDEX_SLOT.format(day=day, slot=slot), entry, KEEP_SECONDS)


# The flush ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flushed:
    counters: int
    views: int
    written: int  # (day, page, channel) rows added to


def visits_flush(*, now: datetime | None = None) -> Flushed:
    """Move yesterday's and today's counters into ``DailyVisits``."""
    today = _day(now)
    taken: Counter = Counter()
    counters = 0
    for day in (today - timedelta(days=1), today):
        for (channel, page_key), views in _take(day.isoformat()):
            counters += 1
            taken[(day, channel, page_key)] += views
    pages = _page_ids({key for (_, channel, key) in taken if channel == WEB})
    rows: Counter = Counter()
    for (day, channel, page_key), views in taken.items():
        page_id = pages.get(page_key) if channel == WEB else _int(page_key)
        if page_id is not None:
            rows[(day, page_id, channel)] += views
    try:
        _write(rows)
    except DatabaseError:
        _give_back(taken)  # counted again at the next flush
        raise
    return Flushed(counters, sum(taken.values()), len(rows))


def _take(day: str):
    store = _store()
    size = store.get(INDEX_SIZE.format(day=day)) or 0
    slots = [INDEX_SLOT.format(day=day, slot=n) for n in range(1, size + 1)]
    for entry in store.get_many(slots).values():
        channel, page_key = entry
        key = COUNTER.format(day=day, channel=channel, digest=_digest(page_key))
        views = store.get(key) or 0
        if views:
            store.decr(key, views)
            yield (channel, page_key), views


def _give_back(taken: Counter) -> None:
    store = _store()
    for (day, channel, page_key), views in taken.items():
        key = COUNTER.format(day=day.isoformat(), channel=channel, digest=_digest(page_key))
        try:
            store.incr(key, views)
        except ValueError:
            store.add(key, views, KEEP_SECONDS)


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _page_ids(paths: set[str]) -> dict[str, int]:
    """Public paths -> page ids, through the default site's tree (one query)."""
    if not paths:
        return {}
    site = Site.objects.filter(is_default_site=True).values_list("root_page__url_path").first()
    root = site[0] if site else "/"
    wanted = {root + "".join(f"{s}/" for s in p.split("/") if s): p for p in paths}
    found = Page.objects.filter(url_path__in=wanted).values_list("url_path", "pk")
    return {wanted[url_path]: pk for url_path, pk in found}


@transaction.atomic
def _write(rows: Counter) -> None:
    for (day, page_id, channel), views in rows.items():
        updated = DailyVisits.objects.filter(day=day, page_id=page_id, channel=channel).update(
            count=F("count") + views
        )
        if not updated:
            DailyVisits.objects.create(day=day, page_id=page_id, channel=channel, count=views)


def counts_article_reads(view):
    """For the API's article endpoint (``decorate_view``, outside its server cache): a read
    answered, from the cache or not, counts."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code in (200, 304):
            visit_count(channel=API, page_key=str(kwargs.get("article_id", "")))
        return response

    return wrapped


def count_page_view(request, response) -> None:
    """For the public site's pages: a page answered (200, or 304 to a reader's copy) counts."""
    if request.method == "GET" and response.status_code in (200, 304):
        visit_count(channel=WEB, page_key=request.path)
