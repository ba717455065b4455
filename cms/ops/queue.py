"""The job queue (django-tasks-db's table) and the workers' heartbeats: what the worker writes
(``cms.ops.worker``) and what the probes read (``/readyz``, ``manage.py worker_health``,
``manage.py security_report``)."""

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, F, Max, Min, When
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from cms.core.conf import get_setting
from cms.ops.models import WorkerHeartbeat
from cms.ops.worker_rules import age_seconds, heartbeat_fresh

# Rows of workers that stopped without saying goodbye (killed, host lost) are kept this long.
HEARTBEAT_RETENTION = timedelta(days=7)


@dataclass(frozen=True)
class Backlog:
    ready: int
    oldest_seconds: float | None  # how long the longest-waiting ready job has waited


@dataclass(frozen=True)
class WorkerPulse:
    workers: int  # heartbeat rows considered
    last_beat_seconds: float | None
    fresh: bool


def heartbeat_beat(*, worker_id: str, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def heartbeat_remove(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def heartbeats_prune(*, now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - HEARTBEAT_RETENTION
    return WorkerHeartbeat.objects.filter(beat_at__lt=cutoff).delete()[0]


def worker_pulse(*, hostname: str | None = None, worker_id: str | None = None, now=None):
    """The newest heartbeat among the workers (of ``hostname``, or the one ``worker_id``)."""
    now = now or timezone.now()
    beats = WorkerHeartbeat.objects.all()
    if hostname:
        beats = beats.filter(hostname=hostname)
    if worker_id:
        beats = beats.filter(worker_id=worker_id)
    found = beats.aggregate(workers=Count("pk"), last=Max("beat_at"))
    stale = get_setting("WORKER_STALE_SECONDS")
    fresh = heartbeat_fresh(beat_at=found["last"], now=now, stale_seconds=stale)
    return WorkerPulse(found["workers"], age_seconds(found["last"], now), fresh)


def queue_backlog(*, now: datetime | None = None) -> Backlog:
    """Ready jobs, and the wait of the oldest: since it was queued, or since its ``run_after``."""
    now = now or timezone.now()
    due = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    found = DBTaskResult.objects.ready().aggregate(ready=Count("pk"), oldest=Min(due))
    return Backlog(found["ready"], age_seconds(found["oldest"], now))


def job_requeue(job: DBTaskResult) -> None:
    """Put a claimed or failed job back in the queue, its earlier runs kept in ``worker_ids``."""
    DBTaskResult.objects.filter(pk=job.pk).update(
        status=TaskResultStatus.READY,
        started_at=None,
        finished_at=None,
        return_value=None,
        exception_class_path="",
        traceback="",
    )
