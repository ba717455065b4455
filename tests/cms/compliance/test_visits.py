"""Visits: counted in the cache without cookies or addresses, no database write on the request
path, flushed in batches with nothing lost under concurrent requests; the visits page and the
annual report."""

import threading
from io import BytesIO, StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from cms.compliance.models import CheckupRecord, DailyVisits
from cms.compliance.visits import API, INDEX_SIZE, WEB, visit_count, visits_flush, visits_push
from tests.workflows.chain import released
from workflows.takedown import article_take_down

pytestmark = pytest.mark.django_db


def counts():
    return {(v.page_id, v.channel): v.count for v in DailyVisits.objects.all()}


def test_public_page_views_are_counted_without_a_database_write(client, chain):
    article = released(chain)
    client.get(article.url)  # drawn and stored in the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)
    assert response.status_code == 200 and not response.cookies
    assert [q["sql"] for q in queries.captured_queries] == []  # a cached page: no query at all
    assert counts() == {}
    client.get("/no-such-page/")
    flushed = visits_flush()
    assert (flushed.views, counts()) == (2, {(article.pk, WEB): 2})
    client.get(chain.column.url)
    client.get("/")
    visits_flush()
    home = chain.column.get_parent().pk
    assert counts() == {(article.pk, WEB): 2, (chain.column.pk, WEB): 1, (home, WEB): 1}


def test_counting_off_counts_nothing(client, chain, settings):
    settings.XIUYING = {"VISITS_COUNTING": False}
    client.get(released(chain).url)
    assert visits_flush().views == 0


def test_api_article_reads_are_counted_from_the_cache_too(client, chain):
    article = released(chain)
    for _ in range(3):
        assert client.get(f"/api/v1/articles/{article.pk}").status_code == 200
    client.get("/api/v1/articles/999999")
    visits_flush()
    assert counts() == {(article.pk, API): 3}


def test_nothing_is_lost_when_the_cache_flushes_under_concurrent_requests():
    threads, per_thread, pages = 8, 400, ("101", "102", "103")
    started, halfway = threading.Barrier(threads + 1), threading.Barrier(threads + 1)

    def visitor(n):
        started.wait()
        for i in range(per_thread):
            if i == per_thread // 2:
                halfway.wait()  # the main thread has flushed once while views were counted
            visit_count(channel=API, page_key=pages[(n + i) % len(pages)])

    workers = [threading.Thread(target=visitor, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    started.wait()
    visits_flush()  # while the first halves are being counted
    halfway.wait()
    while any(worker.is_alive() for worker in workers):
        visits_flush()  # while the second halves are being counted
    for worker in workers:
        worker.join()
    visits_flush()
    assert sum(counts().values()) == threads * per_thread
    assert set(counts()) == {(int(p), API) for p in pages}
    assert visits_flush().views == 0  # nothing counted twice


def test_visits_page_for_readers_only(client, chain, specialist):
    article = released(chain)
    client.get(article.url)
    client.force_login(chain.town_liaison)
    assert client.get("/admin/compliance/visits/").status_code in (302, 403)
    client.force_login(specialist)
    html = client.get("/admin/compliance/visits/").content.decode()
    assert "各栏目访问量" in html and "工作动态" in html


def test_annual_report_opens_in_a_spreadsheet(client, chain, specialist, tmp_path, now):
    kept = released(chain, title="保留的信息")
    gone = released(chain, title="=下线的信息")
    client.get(kept.url)
    article_take_down(user=specialist, article=gone, reason="内容有误")
    CheckupRecord.objects.create(
        day=now.date(),
        code="home",
        title="首页栏目不更新",
        veto=True,
        state="tripped",
        evidence_count=1,
        summary="",
    )
    target = tmp_path / "annual.xlsx"
    call_command(
        "annual_report", "--year", str(now.year), "--output", str(target), stdout=StringIO()
    )
    book = load_workbook(BytesIO(target.read_bytes()))
    assert book.sheetnames == [
        f"{now.year}年发布统计",
        "访问量（栏目）",
        "访问量（信息）",
        "合规体检",
        "下线记录",
        "事件记录",
    ]
    assert list(book[f"{now.year}年发布统计"].values)[1] == ("工作动态", "组织科", 2, 1)
    assert ("保留的信息", "工作动态", "组织科", 1, 0, 1) in list(book["访问量（信息）"].values)
    takedown = list(book["下线记录"].values)[1]
    assert takedown[1] == "=下线的信息" and book["下线记录"]["B2"].data_type == "s"
    assert list(book["合规体检"].values)[1][:4] == ("首页栏目不更新", "单项否决", 1, 1)


def test_views_wait_in_the_process_until_pushed(settings):
    settings.XIUYING = {"VISITS_PUSH_SECONDS": 3600}
    visit_count(channel=API, page_key="7")
    visit_count(channel=API, page_key="7")
    assert caches["default"].get(INDEX_SIZE.format(day=timezone.localdate().isoformat())) is None
    assert visits_push() == 2
    assert visits_push() == 0
    assert visits_flush().views == 2 and counts() == {(7, API): 2}
