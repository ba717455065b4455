"""Jobs through the real queue: enqueued in the database, run by `manage.py db_worker` (the
project's, cms/ops/worker.py), their results read back from the database. SQLite and
PostgreSQL alike. A real cut of the worker's connection: tests/cms/ops/test_worker_recovery.py."""

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from cms.ops.models import WorkerHeartbeat
from cms.security.rescan import media_rescan_task
from tests.cms.ops.tasks import broken_job_task, database_refusal_task, heartbeat_watch_task
from tests.factories.pages import ColumnPageFactory, HomePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def found(query: str) -> list[int]:
    return [page.pk for page in Page.objects.live().search(query)]


def test_a_queued_job_waits_for_the_worker_and_its_result_is_stored(database_queue, queue_worker):
    result = media_rescan_task.enqueue()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY

    queue_worker()

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"total": 0, "infected": 0, "missing": 0}
    assert result.worker_ids


def test_a_page_saved_in_a_request_is_searchable_once_the_worker_has_run(
    database_queue, queue_worker
):
    home = HomePageFactory()
    column = ColumnPageFactory(parent=home, title="学习贯彻全会精神专栏", slug="study")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert column.pk not in found("全会")

    queue_worker()

    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    assert column.pk in found("全会")


def requeued(caplog) -> int:
    return sum("queued again" in record.getMessage() for record in caplog.records)


def test_a_job_that_failed_on_the_database_runs_again_up_to_the_limit(
    database_queue, queue_worker, settings, caplog
):
    settings.XIUYING = {**settings.XIUYING, "WORKER_JOB_ATTEMPTS": 3}
    job = DBTaskResult.objects.get(pk=database_refusal_task.enqueue().id)

    queue_worker()

    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert len(job.worker_ids) == 3
    assert job.exception_class_path == "django.db.utils.OperationalError"
    assert requeued(caplog) == 2


def test_a_job_that_fails_for_its_own_reasons_runs_once(database_queue, queue_worker, caplog):
    job = DBTaskResult.objects.get(pk=broken_job_task.enqueue().id)

    queue_worker()

    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert len(job.worker_ids) == 1
    assert job.exception_class_path == "builtins.ValueError"
    assert requeued(caplog) == 0


def test_the_worker_beats_while_a_long_job_runs_and_removes_its_heartbeat_when_it_stops(
    database_queue, queue_worker, settings
):
    settings.XIUYING = {**settings.XIUYING, "WORKER_HEARTBEAT_SECONDS": 0.05}
    job = heartbeat_watch_task.enqueue()

    queue_worker(worker_id="heartbeat-test")

    job.refresh()
    assert job.status == TaskResultStatus.SUCCESSFUL
    # The job saw its worker's heartbeat written again while it ran (by the worker's thread).
    assert job.return_value == {"worker": "heartbeat-test", "beat_during_the_job": True}
    assert not WorkerHeartbeat.objects.exists()
