"""The worker survives its database (issue 11), on PostgreSQL: the real ``manage.py db_worker``
in a process of its own, its backend terminated with ``pg_terminate_backend`` (what a restart,
a failover or an administrator does to it), then a job queued: the job runs.

The worker runs with a persistent connection and without Django's connection health checks:
its recovery must not depend on them (they are a setting, and they do not run inside the
claim's transaction)."""

import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.cms.ops.tasks import database_nap_task

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

logger = logging.getLogger(__name__)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WAIT_SECONDS = 90


def wait_for(condition, *, seconds: float = WAIT_SECONDS):
    """Poll ``condition`` until it holds or ``seconds`` have passed; its last value."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    return condition()


def database_url() -> str:
    params = connection.settings_dict
    user = quote(params["USER"] or "")
    password = f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    server = f"{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}"
    return f"postgres://{user}{password}@{server}/{params['NAME']}"


@pytest.fixture
def worker(transactional_db, tmp_path):
    """The worker, connected to the database; stopped with SIGTERM after."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; CI runs the suite on PostgreSQL")
    name = f"xiuying-worker-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "database",
        "DB_CONN_MAX_AGE": "600",
        "DB_CONN_HEALTH_CHECKS": "0",
        "UPLOAD_SCANNING": "0",
        "MEDIA_ROOT": str(tmp_path),
        "PGAPPNAME": name,
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    command += ["--interval", "0.2", "--worker-id", name]
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - this interpreter, the project's command
        command, env=env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        assert wait_for(lambda: backend_state(name))
        yield process, name
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def terminate_backend(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = %s AND pid <> pg_backend_pid()",
            [application_name],
        )
        return cursor.fetchone()[0]


def backend_state(application_name: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state, query FROM pg_stat_activity WHERE application_name = %s",
            [application_name],
        )
        row = cursor.fetchone()
    return row and f"{row[0]}: {row[1]}"


def enqueue(seconds: float) -> DBTaskResult:
    with override_settings(TASKS=DATABASE_QUEUE):
        result = database_nap_task.enqueue(seconds)
    return DBTaskResult.objects.get(pk=result.id)


def finished(job: DBTaskResult) -> DBTaskResult | None:
    job.refresh_from_db()
    return job if job.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED) else None


def test_a_job_queued_after_the_workers_backend_was_terminated_runs(worker):
    process, name = worker
    assert wait_for(lambda: (backend_state(name) or "").startswith("idle"))
    assert terminate_backend(name) == 1

    cut = time.monotonic()
    job = enqueue(0)
    done = wait_for(lambda: finished(job))

    assert process.poll() is None, "the worker died"
    assert done and done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "rested"
    logger.info("recovered and ran the job %.2f s after the cut", time.monotonic() - cut)


def test_a_job_whose_connection_is_cut_while_it_runs_runs_again(worker):
    process, name = worker
    job = enqueue(2)
    assert wait_for(lambda: "pg_sleep" in (backend_state(name) or ""))
    cut = time.monotonic()
    assert terminate_backend(name) == 1

    done = wait_for(lambda: finished(job))

    assert process.poll() is None, "the worker died"
    assert done and done.status == TaskResultStatus.SUCCESSFUL
    assert len(done.worker_ids) == 2  # the run the cut ended, and the one that finished
    logger.info("recovered and ran the job %.2f s after the cut", time.monotonic() - cut)
