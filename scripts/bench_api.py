"""Benchmark of the mini-program API (R-24): requests per second of the same listing through
this API and through Wagtail's stock API v2 pages listing, under the same WSGI server (gunicorn,
sync workers) on 127.0.0.1, uncached and cached, beside a bare Django view returning fixed bytes;
and the recall of Chinese search with and without segmentation. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_api.py [--articles 2000] [--rounds 5] [--seconds 3]

Everything happens in a temporary directory (SQLite database, media) and in Redis under a key
prefix of its own (REDIS_URL, default redis://127.0.0.1:6379/0); traffic goes to 127.0.0.1 only,
every load run is bounded in time, and the servers are stopped at the end.
"""

import http.client
import multiprocessing
import re
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchkit import (
    approve_bulk_items,
    free_port,
    load_arguments,
    site_environment,
    site_seed,
    site_serve,
    site_write,
)

PAGE_SIZE = 20
LISTING_FIELDS = "summary,item_kind,cover,source_unit_name"
BARE, STOCK = "bare Django view (fixed bytes)", "stock Wagtail API v2 pages listing"
TARGETS = {
    BARE: "/bench/bare",
    STOCK: (
        f"/bench/v2/pages/?type=columns.ArticlePage&fields={LISTING_FIELDS}"
        f"&order=-first_published_at&limit={PAGE_SIZE}&format=json"
    ),
    "this API: /api/v1/articles": f"/api/v1/articles?page_size={PAGE_SIZE}",
}
SEARCH_QUERIES = [
    "全会", "党建", "基层", "治理", "党员", "学习", "组织生活", "乡村振兴", "志愿服务", "冬训",
    "人才", "干部", "述职", "网格", "红色", "换届", "党费", "考核", "培训", "警示教育",
]  # fmt: skip

SETTINGS = """
import os
from config.settings.base import *  # noqa
DEBUG = False
SECRET_KEY = "bench-only-{secret}"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = INSTALLED_APPS + ["rest_framework", "wagtail.api.v2"]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": "{work}/bench.sqlite3",
    "CONN_MAX_AGE": 600}}}}
CACHES = {{"default": {{"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "{redis}",
    "KEY_PREFIX": "xiuying-bench-{secret}"}}}}
MEDIA_ROOT = "{work}/media"
XIUYING = {{**XIUYING, "KEY_FILE": "{work}/keys.json", "KEY_FILE_CREATE": True}}
ROOT_URLCONF = "bench_urls"
PUBLIC_BASE_URL = "https://bench.xiuying.example"
LOGGING = {{"version": 1, "disable_existing_loggers": False, "root": {{"level": "WARNING"}}}}
XIUYING = {{**XIUYING, "UPLOAD_SCANNING": False, "API_RATE_LIMIT": "100000000/m",
    "API_CACHE_SECONDS": 600 if os.environ.get("BENCH_API_CACHE") == "1" else 0}}
"""
URLS = """
from django.http import HttpResponse
from django.urls import path
from rest_framework.fields import CharField
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField

from columns.models import ArticlePage
from config.urls import urlpatterns as site_urlpatterns

# The same fields as this API's listing, for the stock API (mounted here only, never publicly).
ArticlePage.api_fields = [
    APIField("summary"),
    APIField("item_kind"),
    APIField("cover", serializer=ImageRenditionField("fill-360x240", source="cover_image")),
    APIField("source_unit_name", serializer=CharField(source="source_unit.name")),
]
router = WagtailAPIRouter("bench_v2")
router.register_endpoint("pages", PagesAPIViewSet)
FIXED = b'{"ok":true}' * 200


def bare(request):
    return HttpResponse(FIXED, content_type="application/json")


urlpatterns = [path("bench/v2/", router.urls), path("bench/bare", bare), *site_urlpatterns]
"""
WSGI = """
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
"""


def prepare(work: Path, articles: int) -> int:
    site_seed(work, articles)
    return approve_bulk_items()


def start_server(work: Path, port: int, workers: int, cached: bool) -> subprocess.Popen:
    environment = site_environment(work, api_cache=cached)
    return site_serve(work, port, workers, environment, ready=bench_ready)


def bench_ready(port: int) -> bool:
    return get(port, "/bench/bare")[0] == 200


def get(port: int, path: str) -> tuple[int, int]:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        size = len(response.read())
        connection.close()
        return response.status, size
    except OSError:
        return 0, 0


def _client(args) -> tuple[int, int]:
    port, path, seconds = args
    done = failed = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, _ = get(port, path)
        done, failed = done + 1, failed + (status != 200)
    return done, failed


def load(port: int, path: str, seconds: float, clients: int) -> tuple[float, int]:
    """Requests per second from ``clients`` processes hammering ``path`` for ``seconds``."""
    for _ in range(5):  # warm-up: renditions, connections, caches
        get(port, path)
    with multiprocessing.Pool(clients) as pool:
        started = time.monotonic()
        results = pool.map(_client, [(port, path, seconds)] * clients)
        elapsed = time.monotonic() - started
    return sum(done for done, _ in results) / elapsed, sum(failed for _, failed in results)


def run_server(work, args, cached: bool, targets: dict) -> dict:
    """Median requests per second of each target over ``args.rounds`` rounds, the targets taking
    turns so that other load on the host falls on all of them alike; and each round's figures."""
    port = free_port()
    server = start_server(work, port, args.workers, cached)
    try:
        rounds = [
            {name: load(port, path, args.seconds, args.clients) for name, path in targets.items()}
            for _ in range(args.rounds)
        ]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return {name: [round_[name] for round_ in rounds] for name in targets}


def median_rps(runs: list) -> float:
    return statistics.median(rps for rps, _failed in runs)


def median_ratio(numerator: list, denominator: list) -> float:
    return statistics.median(a[0] / b[0] for a, b in zip(numerator, denominator, strict=True))


def tokens_plain(text: str) -> set[str]:
    """What FTS5's unicode61 and PostgreSQL's parser see without segmentation."""
    return set(re.findall(r"\w+", text))


def tokens_bigram(text: str) -> set[str]:
    runs = tokens_plain(text)
    return runs | {run[i : i + 2] for run in runs for i in range(len(run) - 1)}


# A query found inside the text only across a word boundary: no reader searching the first
# means the second (全会 is not in 安全会议, 党建 not in 政党建设).
BOUNDARY_PROBES = [
    ("全会", "召开安全会议"), ("党建", "加强政党建设"), ("工会", "分工会商"),
    ("人才", "做人才能"), ("学习", "同学习惯"),
]  # fmt: skip


def search_measure(texts: list[str]) -> list[tuple]:
    """Per method: recall and precision against "the text contains the query" over the demo
    items, false matches across word boundaries, distinct index tokens per item, indexing time."""
    from cms.api.search import segment_for_index, segment_query

    methods = {
        "no segmentation": (tokens_plain, tokens_plain),
        "jieba (this API)": (
            lambda t: set(segment_for_index(t).split()),
            lambda q: set(segment_query(q).split()),
        ),
        "bigrams": (tokens_bigram, lambda q: {q[i : i + 2] for i in range(len(q) - 1)} or {q}),
    }
    segment_for_index("预热")  # load jieba's dictionary before timing
    rows = []
    for name, (index, query) in methods.items():
        start = time.perf_counter()
        indexed = [index(text) for text in texts]
        seconds = time.perf_counter() - start
        found = [
            {i for i, tokens in enumerate(indexed) if query(q) <= tokens} for q in SEARCH_QUERIES
        ]
        truth = [{i for i, text in enumerate(texts) if q in text} for q in SEARCH_QUERIES]
        correct = sum(len(f & t) for f, t in zip(found, truth, strict=True))
        recall = correct / max(sum(map(len, truth)), 1)
        precision = correct / max(sum(map(len, found)), 1)
        false = sum(query(q) <= index(text) for q, text in BOUNDARY_PROBES)
        tokens = sum(map(len, indexed)) / max(len(indexed), 1)
        rows.append((name, recall, precision, false, tokens, seconds, len(texts)))
    return rows


def demo_texts() -> list[str]:
    from django.utils.html import strip_tags

    from columns.models import ArticlePage

    texts = []
    for page in ArticlePage.objects.all()[:3000]:
        paragraphs = [
            strip_tags(block.value.source) for block in page.body if block.block_type == "paragraph"
        ]
        texts.append(" ".join([page.title, page.summary, *paragraphs]))
    return texts


def report(uncached: dict, cached: dict, search: list, rounds: int) -> None:
    print(f"\nRequests per second, {PAGE_SIZE} items a page, gunicorn sync workers on 127.0.0.1")
    print(f"(median of {rounds} rounds; ratios are medians of the rounds' ratios):")
    for label, runs in (("", uncached), (", cached", cached)):
        for name, figures in runs.items():
            failed = sum(bad for _rps, bad in figures)
            print(f"  {name + label:<46} {median_rps(figures):8.1f} req/s  (non-200: {failed})")
    api, stock = uncached["this API: /api/v1/articles"], uncached[STOCK]
    api_cached, bare = cached["this API: /api/v1/articles"], cached[BARE]
    print(
        f"  this API uncached / stock v2 listing:   {median_ratio(api, stock):6.2f}x (target >= 3)"
    )
    print(f"  this API cached / stock v2 listing:     {median_ratio(api_cached, stock):6.2f}x")
    print(
        f"  this API cached / bare Django view:     {median_ratio(api_cached, bare):6.2f}  (>= 0.5)"
    )
    items, queries, probes = search[0][-1], len(SEARCH_QUERIES), len(BOUNDARY_PROBES)
    print(f"\nChinese search over {items} demo items, {queries} queries, {probes} boundary probes")
    print("  (truth for recall and precision: the text contains the query)")
    for name, recall, precision, false, tokens, seconds, _count in search:
        print(
            f"  {name:<18} recall {recall:6.1%}  precision {precision:6.1%}  "
            f"false matches across word boundaries {false}/{probes}  "
            f"tokens per item {tokens:5.0f}  indexing {seconds:5.2f} s"
        )


def forget_cache_keys() -> None:
    """This run's keys only (its own prefix), whatever their version (Wagtail uses 2)."""
    from django.core.cache import cache

    client = cache.client.get_client(write=True)
    keys = list(client.scan_iter(f"{cache.key_prefix}:*"))
    if keys:
        client.delete(*keys)


def main() -> None:
    args = load_arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory(prefix="xiuying-bench-api-") as tmp:
        work = Path(tmp)
        site_write(work, settings=SETTINGS, urls=URLS, wsgi=WSGI)
        started = time.perf_counter()
        approved = prepare(work, args.articles)
        seconds = time.perf_counter() - started
        print(f"Seeded the demo site and {args.articles} bulk items in {seconds:.0f} s", end="")
        print(f" ({approved} given approval records).")
        search = search_measure(demo_texts())
        uncached = run_server(work, args, cached=False, targets=TARGETS)
        cached_targets = {name: path for name, path in TARGETS.items() if name != STOCK}
        cached = run_server(work, args, cached=True, targets=cached_targets)
        forget_cache_keys()
    report(uncached, cached, search, args.rounds)


if __name__ == "__main__":
    main()
