"""One job through the real queue: enqueued in the database, run by `manage.py db_worker`, its
result read back from the database. SQLite and PostgreSQL alike."""

import io
import logging

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from cms.security.rescan import media_rescan_task
from tests.factories.pages import ColumnPageFactory, HomePageFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_LOGGERS = ("django_tasks", "django_tasks_db")


@pytest.fixture
def database_queue():
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


@pytest.fixture(autouse=True)
def _worker_logging_restored():
    """db_worker sets its loggers' levels and handlers for the process; put them back."""
    loggers = [logging.getLogger(name) for name in WORKER_LOGGERS]
    saved = [(logger.level, list(logger.handlers)) for logger in loggers]
    yield
    for logger, (level, handlers) in zip(loggers, saved, strict=True):
        logger.setLevel(level)
        logger.handlers[:] = handlers


def run_worker() -> str:
    out = io.StringIO()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, stdout=out)
    return out.getvalue()


def found(query: str) -> list[int]:
    return [page.pk for page in Page.objects.live().search(query)]


def test_a_queued_job_waits_for_the_worker_and_its_result_is_stored(database_queue):
    result = media_rescan_task.enqueue()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY

    run_worker()

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"total": 0, "infected": 0, "missing": 0}
    assert result.worker_ids


def test_a_page_saved_in_a_request_is_searchable_once_the_worker_has_run(database_queue):
    home = HomePageFactory()
    column = ColumnPageFactory(parent=home, title="学习贯彻全会精神专栏", slug="study")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert column.pk not in found("全会")

    run_worker()

    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    assert column.pk in found("全会")
