"""Visits (国办发〔2017〕47号 asks for a yearly report of visits): page views of the public pages
and article reads through the API, counted per page and day, and written to the database in
batches, never by the request. No cookie is set and no address, agent or visitor is kept: a
counter only.

Three stages, each a batch of the one before:

1. the request adds one to a counter in its process's memory (a lock and a dict: no cache round
   trip, no query);
2. at most every VISITS_PUSH_SECONDS a request of that process pushes its counters to the
   shared cache with ``incr`` (one per page seen meanwhile); the first of a page in a day also
   registers it in a per-day index (an ``incr`` handing out a slot, and a ``set``), which is how
   the flush finds counters without listing keys (Redis and local memory alike). A process that
   exits pushes what it holds (``atexit``; gunicorn's workers exit that way); one that is killed
   loses at most those seconds of views;
3. ``visits_flush`` (``manage.py flush_visits`` from cron, or the worker) takes each cached
   counter's value and decrements it by that much (``decr``, atomic), so views pushed meanwhile
   stay for the next flush: none is lost, none counted twice; then adds them to ``DailyVisits``.

Counters must live in a cache every process shares (Redis in production, ``CACHES``): with
per-process local memory only the flushing process's own views would be written.
"""

import atexit
import functools
import hashlib
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Site

from cms.compliance.models import DailyVisits
from cms.core.conf import get_setting
from cms.core.office_time import office_day

logger = logging.getLogger(__name__)

COUNTER = "xiuying:visits:{day}:{channel}:{digest}"
INDEX_SIZE = "xiuying:visits:{day}:index"
INDEX_SLOT = "xiuying:visits:{day}:index:{slot}"
KEEP_SECONDS = 3 * 24 * 3600  # yesterday's counters are still flushed after midnight
WEB, API = DailyVisits.Channel.WEB, DailyVisits.Channel.API


def _store():
    return caches[get_setting("VISITS_CACHE_ALIAS")]


def _day(now: datetime | None = None) -> date:
    return office_day(now or timezone.now())


def _digest(page_key: str) -> str:
    return hashlib.blake2b(page_key.encode(), digest_size=12).hexdigest()


_pending: Counter = Counter()
_pending_lock = threading.Lock()
_pushed_at = [time.monotonic()]


def visit_count(*, channel: str, page_key: str, now: datetime | None = None) -> None:
    """Count one view of ``page_key`` (a public path, or an article id for the API) in this
    process; push the process's counters to the cache when they are due. Never raises."""
    if not get_setting("VISITS_COUNTING"):
        return
    entry = (_day(now).isoformat(), channel, page_key)
    with _pending_lock:
        _pending[entry] += 1
        due = time.monotonic() - _pushed_at[0] >= get_setting("VISITS_PUSH_SECONDS")
    if due:
        visits_push()


def visits_push() -> int:
    """Move this process's counters into the cache; returns the views moved. A cache that is
    down keeps them here for the next push."""
    with _pending_lock:
        batch = dict(_pending)
        _pending.clear()
        _pushed_at[0] = time.monotonic()
    store, moved = _store(), 0
    try:
        for (day, channel, page_key), views in batch.items():
            _add(store, day, channel, page_key, views)
            moved += views
            batch[(day, channel, page_key)] = 0
    except Exception:  # noqa: BLE001 - counting must never break serving
        logger.warning("visits kept in memory: the cache is unavailable", exc_info=True)
        with _pending_lock:
            _pending.update({entry: views for entry, views in batch.items() if views})
    return moved


def _add(store, day: str, channel: str, page_key: str, views: int) -> None:
    key = COUNTER.format(day=day, channel=channel, digest=_digest(page_key))
    try:
        store.incr(key, views)
    except ValueError:  # the first push of the day for this page (or the counter was evicted)
        if not store.add(key, views, KEEP_SECONDS):
            store.incr(key, views)  # another process registered it first
            return
        size_key = INDEX_SIZE.format(day=day)
        store.add(size_key, 0, KEEP_SECONDS)
        slot = store.incr(size_key)
        store.set(INDEX_SLOT.format(day=day, slot=slot), (channel, page_key), KEEP_SECONDS)


atexit.register(visits_push)


# The flush ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flushed:
    counters: int
    views: int
    written: int  # (day, page, channel) rows added to


def visits_flush(*, now: datetime | None = None) -> Flushed:
    """Move yesterday's and today's counters into ``DailyVisits`` (this process's own first)."""
    visits_push()
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
        _add(store, day.isoformat(), channel, page_key, views)


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
