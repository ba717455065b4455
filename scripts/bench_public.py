"""Benchmark of the public website (issue 13): requests per second of a cached item page beside
a bare Django view, and of an uncached column page beside a naive Wagtail template page listing
the same column, under the same WSGI server (gunicorn, sync workers) on 127.0.0.1, on the demo
site plus bulk items; and the cached item page with visit counting on and off (issue 14). Prints
figures and the queries of each page; asserts nothing.

    .venv/bin/python scripts/bench_public.py [--articles 2000] [--rounds 5] [--seconds 3]

The naive page is what a Wagtail site often starts with: the column routed by Wagtail, its live
children through ``get_children().live().specific()``, Django's paginator, and per item its unit
and its cover's rendition in the template. Everything happens in a temporary directory (SQLite
database, media) and in Redis under a key prefix of its own (REDIS_URL, default
redis://127.0.0.1:6379/0); traffic goes to 127.0.0.1 only, every load run is bounded in time, and
the servers are stopped.
"""

import signal
import subprocess
import tempfile
import time
from pathlib import Path

from bench_api import bench_ready, forget_cache_keys, get, load, median_ratio, median_rps
from benchkit import (
    approve_bulk_items,
    free_port,
    load_arguments,
    site_environment,
    site_seed,
    site_serve,
    site_write,
)

BARE, NAIVE = "bare Django view (fixed bytes)", "naive Wagtail template page, same column"
CACHED_ITEM, COLUMN = "this site: item page, cached", "this site: column page, uncached"
COUNTING_ON, COUNTING_OFF = "item page, cached, visits counted", "item page, cached, not counted"

SETTINGS = """
import os
from config.settings.base import *  # noqa
DEBUG = False
SECRET_KEY = "bench-only-{secret}"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": "{work}/bench.sqlite3",
    "CONN_MAX_AGE": 600}}}}
CACHES = {{"default": {{"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "{redis}",
    "KEY_PREFIX": "xiuying-bench-{secret}"}}}}
MEDIA_ROOT = "{work}/media"
XIUYING = {{**XIUYING, "KEY_FILE": "{work}/keys.json", "KEY_FILE_CREATE": True}}
ROOT_URLCONF = "bench_urls"
TEMPLATES[0]["DIRS"] = ["{work}/templates"]
PUBLIC_BASE_URL = "https://bench.xiuying.example"
LOGGING = {{"version": 1, "disable_existing_loggers": False, "root": {{"level": "WARNING"}}}}
XIUYING = {{**XIUYING, "UPLOAD_SCANNING": False,
    "WEB_CACHE_SECONDS": 600 if os.environ.get("BENCH_WEB_CACHE") == "1" else 0,
    "VISITS_COUNTING": os.environ.get("BENCH_VISITS", "1") == "1"}}
"""
URLS = """
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, re_path
from wagtail.models import Page

from config.urls import urlpatterns as site_urlpatterns

FIXED = b"<!DOCTYPE html><p>ok</p>" * 400


def bare(request):
    return HttpResponse(FIXED)


def naive(request, column_path):
    # Routed by Wagtail, as a ColumnPage with a naive template would be.
    routed = Page.route_for_request(request, column_path)
    if routed is None:
        raise Http404
    column = routed[0]
    items = column.get_children().live().specific().order_by("-first_published_at")
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    nav = column.get_site().root_page.get_children().live()
    return render(request, "naive_column.html", {"page": column, "items": page, "nav": nav})


urlpatterns = [
    path("bench/bare", bare),
    re_path(r"^bench/naive/((?:[\\w\\-]+/)*)$", naive),
    *site_urlpatterns,
]
"""
NAIVE_TEMPLATE = """{% load wagtailcore_tags wagtailimages_tags %}<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{{ page.title }}</title></head><body>
<nav><ul>{% for column in nav %}<li><a href="{% pageurl column %}">{{ column.title }}</a></li>
{% endfor %}</ul></nav>
<main><h1>{{ page.title }}</h1><p>{{ page.description }}</p><ul>
{% for item in items %}<li>{% if item.cover_image %}{% image item.cover_image fill-360x240 %}
{% endif %}<h3><a href="{% pageurl item %}">{{ item.title }}</a></h3><p>{{ item.summary }}</p>
<p>{{ item.first_published_at|date:"Y-m-d" }} {{ item.source_unit.name }}</p></li>{% endfor %}
</ul><p>第 {{ items.number }} 页，共 {{ items.paginator.num_pages }} 页</p></main></body></html>
"""
WSGI = """
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
"""


def prepare(work: Path, articles: int) -> dict:
    """Seed, give the bulk items approval records, and pick the targets: the largest column
    and its newest item."""
    site_seed(work, articles)
    approve_bulk_items()
    from cms.api.selectors import ArticleFilters, article_rows, articles_filter, published_scope
    from columns.models import ColumnPage

    column = ColumnPage.objects.order_by("-numchild").first()
    scope = published_scope()
    listed = articles_filter(scope, ArticleFilters(), column)
    newest = article_rows(listed, start=0, stop=1)[0]
    prefix = scope.root.url_path
    return {
        "column": "/" + column.url_path[len(prefix) :],
        "item": "/" + newest["url_path"][len(prefix) :],
        "naive": "/bench/naive/" + column.url_path[len(prefix) :],
        "items": listed.count(),
        "title": column.title,
    }


def start_server(
    work: Path, port: int, workers: int, cached: bool, counting: bool = True
) -> subprocess.Popen:
    environment = site_environment(work, web_cache=cached, visits=counting)
    return site_serve(work, port, workers, environment, ready=bench_ready)


def run_server(work, args, cached: bool, targets: dict) -> dict:
    """Median requests per second of each target over ``args.rounds`` rounds, targets in turn."""
    from urllib.parse import quote

    targets = {name: quote(path) for name, path in targets.items()}
    port = free_port()
    server = start_server(work, port, args.workers, cached)
    try:
        for name, path in targets.items():
            status, size = get(port, path)
            print(f"  {name}: {path} -> {status}, {size} bytes")
        rounds = [
            {name: load(port, path, args.seconds, args.clients) for name, path in targets.items()}
            for _ in range(args.rounds)
        ]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return {name: [round_[name] for round_ in rounds] for name in targets}


def run_counting(work, args, item: str) -> dict:
    """The cached item page with visit counting on and off (issue 14): two servers side by
    side, identical but for VISITS_COUNTING, loaded in turn within each round."""
    from urllib.parse import quote

    servers = {}
    try:
        for name, counting in ((COUNTING_ON, True), (COUNTING_OFF, False)):
            port = free_port()
            servers[name] = (port, start_server(work, port, args.workers, True, counting))
        for name, (port, _server) in servers.items():
            print(f"  {name}: {item} -> {get(port, quote(item))[0]}")
        rounds = [
            {
                name: load(port, quote(item), args.seconds, args.clients)
                for name, (port, _s) in servers.items()
            }
            for _ in range(args.rounds)
        ]
    finally:
        for _port, server in servers.values():
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    return {name: [round_[name] for round_ in rounds] for name in servers}


def report_counting(runs: dict, rounds: int) -> None:
    print(f"\nVisit counting, cached item page (median of {rounds} rounds):")
    for name, figures in runs.items():
        failed = sum(bad for _rps, bad in figures)
        print(f"  {name:<44} {median_rps(figures):8.1f} req/s  (non-200: {failed})")
    ratio = median_ratio(runs[COUNTING_ON], runs[COUNTING_OFF])
    print(f"  counting on / off:                          {ratio:6.3f} (loss {1 - ratio:.1%})")


def queries(paths: dict) -> dict:
    """Queries of one uncached request of each page, after a warm-up request."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counted = {}
    with override_settings(ALLOWED_HOSTS=["*"]):
        for name, path in paths.items():
            client = Client()
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            counted[name] = len(captured)
    return counted


def report(targets: dict, uncached: dict, cached: dict, counted: dict, rounds: int) -> None:
    print(f"\nColumn {targets['title']} ({targets['items']} items, 20 a page); requests a second,")
    print(f"gunicorn sync workers on 127.0.0.1 (median of {rounds} rounds; ratios: medians of the")
    print("rounds' ratios):")
    for runs in (cached, uncached):
        for name, figures in runs.items():
            failed = sum(bad for _rps, bad in figures)
            print(f"  {name:<44} {median_rps(figures):8.1f} req/s  (non-200: {failed})")
    item_ratio = median_ratio(cached[CACHED_ITEM], cached[BARE])
    column_ratio = median_ratio(uncached[COLUMN], uncached[NAIVE])
    print(f"  cached item page / bare Django view:        {item_ratio:6.2f}")
    print(f"  uncached column page / naive Wagtail page:  {column_ratio:6.2f}x")
    print("Queries per request, uncached, after a warm-up request:")
    for name, count in counted.items():
        print(f"  {name:<44} {count:4d}")


def main() -> None:
    args = load_arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory(prefix="xiuying-bench-public-") as tmp:
        work = Path(tmp)
        site_write(work, settings=SETTINGS, urls=URLS, wsgi=WSGI)
        (work / "templates").mkdir()
        (work / "templates" / "naive_column.html").write_text(NAIVE_TEMPLATE)
        started = time.perf_counter()
        targets = prepare(work, args.articles)
        print(f"Seeded the demo site and {args.articles} bulk items in", end="")
        print(f" {time.perf_counter() - started:.0f} s.")
        counted = queries({COLUMN: targets["column"], NAIVE: targets["naive"]})
        cached = run_server(
            work, args, cached=True, targets={BARE: "/bench/bare", CACHED_ITEM: targets["item"]}
        )
        uncached = run_server(
            work, args, cached=False, targets={COLUMN: targets["column"], NAIVE: targets["naive"]}
        )
        counting = run_counting(work, args, targets["item"])
        forget_cache_keys()
    report(targets, uncached, cached, counted, args.rounds)
    report_counting(counting, args.rounds)


if __name__ == "__main__":
    main()
