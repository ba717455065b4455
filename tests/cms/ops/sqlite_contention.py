"""Editors saving pages while the worker writes the search index, on one SQLite file (issue 11).

Run in a process of its own, its database named by DATABASE_URL (an on-disk SQLite file with the
schema), by ``tests/cms/ops/test_sqlite_database.py``; prints one JSON object. ``--stock`` runs the
same load with Django's default SQLite options (rollback journal, deferred transactions, 5 s),
the configuration that gave editors "database is locked":

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.cms.ops.sqlite_contention [--stock]
"""

import argparse
import json
import os
import threading
import time

import django


def _arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--saves", type=int, default=8, help="revisions each editor saves")
    parser.add_argument("--hold", type=float, default=1.5, help="seconds a write lasts")
    parser.add_argument("--writes", type=int, default=3, help="long write transactions")
    parser.add_argument("--stock", action="store_true", help="Django's default SQLite options")
    return parser.parse_args()


def _setup(stock: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    from django.conf import settings

    if stock:
        settings.DATABASES["default"]["OPTIONS"] = {}
    django.setup()


def _content(editors: int):
    """A home page, a column and one draft item per editor, each drafted by that editor."""
    from cms.core.models import UnitKind
    from tests.factories.pages import ArticlePageFactory, ColumnPageFactory, HomePageFactory
    from tests.factories.units import UnitFactory
    from tests.factories.users import UserFactory

    town = UnitFactory(kind=UnitKind.TOWN)
    column = ColumnPageFactory(parent=HomePageFactory(), contributing_units=[town])
    users = [UserFactory(roles=["liaison"], unit=town) for _ in range(editors)]
    return [(ArticlePageFactory(parent=column, drafter=user), user) for user in users]


class Load:
    def __init__(self):
        self.errors: list[str] = []
        self.latencies: list[float] = []
        self.writes = 0
        self.lock = threading.Lock()

    def record(self, started: float | None = None, error: Exception | None = None):
        with self.lock:
            if error is not None:
                self.errors.append(f"{type(error).__name__}: {error}")
            else:
                self.latencies.append(time.perf_counter() - started)


def _thread(load: Load, start: threading.Barrier, work):
    from django.db import DatabaseError, connection

    def run():
        start.wait()
        try:
            work()
        except DatabaseError as error:
            load.record(error=error)
        finally:
            connection.close()

    return threading.Thread(target=run)


def _editor(load: Load, page_id: int, user, saves: int):
    from columns.models import ArticlePage

    def work():
        for number in range(saves):
            started = time.perf_counter()
            page = ArticlePage.objects.get(pk=page_id)
            page.title = f"党建工作动态（第{number + 1}稿）"
            page.save_revision(user=user)
            load.record(started)

    return work


def _index_writer(load: Load, page_ids: list[int], writes: int, hold: float):
    """The worker's side: the search index written for every item in one transaction that
    holds the write lock ``hold`` seconds, ``writes`` times."""
    from django.db import transaction
    from wagtail.search import index

    from columns.models import ArticlePage

    def work():
        for _ in range(writes):
            with transaction.atomic():
                for page in ArticlePage.objects.filter(pk__in=page_ids):
                    index.insert_or_update_object(page)
                time.sleep(hold)
            load.writes += 1

    return work


def main():
    arguments = _arguments()
    _setup(arguments.stock)
    pairs = _content(arguments.editors)
    load = Load()
    start = threading.Barrier(arguments.editors + 1)
    works = [_editor(load, page.pk, user, arguments.saves) for page, user in pairs]
    page_ids = [page.pk for page, _ in pairs]
    works.append(_index_writer(load, page_ids, arguments.writes, arguments.hold))
    threads = [_thread(load, start, work) for work in works]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(_summary(load, arguments, time.perf_counter() - began)))  # noqa: T201


def _summary(load: Load, arguments, seconds: float) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    return {
        "journal_mode": journal,
        "saves": len(load.latencies),
        "expected_saves": arguments.editors * arguments.saves,
        "writes": load.writes,
        "errors": load.errors,
        "slowest_save_seconds": round(max(load.latencies, default=0), 2),
        "seconds": round(seconds, 1),
    }


if __name__ == "__main__":
    main()
