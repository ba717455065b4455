"""Jobs for the worker's tests: real tasks run by the real worker, in a process of its own."""

import time

from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks import task


@task()
def database_nap_task(seconds: float) -> str:
    """Hold the worker's database connection busy for ``seconds`` (PostgreSQL's pg_sleep), so
    that a test can cut the connection in the middle of a job."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])
    return "rested"


@task()
def database_refusal_task() -> None:
    """Fail as a job does when the database goes away under it."""
    raise OperationalError("server closed the connection unexpectedly")


@task()
def broken_job_task() -> None:
    raise ValueError("a job that is wrong whatever the database does")


HEARTBEAT_WATCH_SECONDS = 30


@task(takes_context=True)
def heartbeat_watch_task(context) -> dict:
    """Wait (at most HEARTBEAT_WATCH_SECONDS) for the worker running this job to write its
    heartbeat again after the job started."""
    from cms.ops.models import WorkerHeartbeat

    worker_id = context.task_result.worker_ids[-1]
    started = timezone.now()
    beats = WorkerHeartbeat.objects.filter(worker_id=worker_id, beat_at__gt=started)
    deadline = time.monotonic() + HEARTBEAT_WATCH_SECONDS
    while not beats.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return {"worker": worker_id, "beat_during_the_job": beats.exists()}
