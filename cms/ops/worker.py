"""The background worker, django-tasks-db's own made to survive its database (issue 11).

django-tasks-db's ``Worker`` lets the first database error of its loop end it. With a
persistent connection that the server cut (a restart, a failover, ``pg_terminate_backend``), its
next claim fails ("the connection is closed"; its claim query is retried inside the transaction
the first error aborted, hence ``InFailedSqlTransaction``), a job in hand stays "running" for
good, and under the autoreloader (``--reload``, the default with DEBUG) the process lives on
without running anything. This worker

- recovers from any database error of its loop: it closes every connection, waits for the
  database with a growing pause, and goes on with the next job;
- queues a job again when it failed on the database (``worker_rules.TRANSIENT_ERRORS``), up to
  ``WORKER_JOB_ATTEMPTS`` runs, instead of losing it, also when the failure could not even be
  recorded because the connection was gone;
- writes a heartbeat row (``cms.ops.queue``): from its loop, and from a thread while a job runs,
  so that a long job does not look like a dead worker, but a loop that no longer polls does.

Runs through ``manage.py db_worker`` (cms/management/commands/db_worker.py).
"""

import logging
import random
import threading
import time

from django.db import DatabaseError, close_old_connections, connection, connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from cms.core.conf import get_setting
from cms.ops.queue import heartbeat_beat, heartbeat_remove, heartbeats_prune, job_requeue
from cms.ops.worker_rules import error_path, job_runs_again

logger = logging.getLogger("django_tasks_db")

RECONNECT_FIRST_PAUSE_SECONDS = 0.5
RECONNECT_MAX_PAUSE_SECONDS = 10.0


def database_answers() -> bool:
    """Close every connection (whatever state the error left them in), then try a fresh one."""
    connections.close_all()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        connections.close_all()
        return False
    return True


class JobHeartbeat(threading.Thread):
    """Beats for the worker while it runs a job; its loop beats the rest of the time."""

    def __init__(self, worker: "ResilientWorker"):
        super().__init__(name="xiuying-worker-heartbeat", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(get_setting("WORKER_HEARTBEAT_SECONDS")):
            if self.worker.running_task:
                self.worker.beat()
            connection.close()  # this thread's own connection; none held between beats


class ResilientWorker(Worker):
    def __init__(self, **options):
        super().__init__(**options)
        self.started_at = timezone.now()
        self.last_beat: float | None = None
        self.job_in_hand: DBTaskResult | None = None
        self.lost_with: DatabaseError | None = None

    def run(self) -> None:
        queues = ",".join(self.queue_names)
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, queues)
        heartbeat = JobHeartbeat(self)
        heartbeat.start()
        try:
            self._loop()
        finally:
            heartbeat.stopped.set()
            self._farewell()

    def _loop(self) -> None:
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - workers started together poll apart
        while self.running:
            try:
                ran = self._poll()
            except DatabaseError as error:
                self._recover(error)
                continue
            if self._done(ran):
                return
            if self.running and not ran:
                time.sleep(self.interval)

    def _poll(self) -> bool:
        close_old_connections()
        if self.job_in_hand is not None:
            self._job_in_hand_settle()
        if self.last_beat is None:
            heartbeats_prune()
        if self._beat_due():
            self.beat()
        job = self._claim()
        if job is None:
            return False
        self.run_task(job)
        return True

    def _claim(self) -> DBTaskResult | None:
        jobs = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            jobs = jobs.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(jobs.db):
            job = jobs.get_locked()
            if job is not None:
                job.claim(self.worker_id)
        return job

    def _done(self, ran: bool) -> bool:
        if self.batch and not ran:
            logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
            return True
        return self.max_tasks is not None and self._run_tasks >= self.max_tasks

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # django-tasks-db runs the job and records its outcome. When the database is gone it
        # cannot, and its error reaches _recover with the job still in hand.
        self.job_in_hand = db_task_result
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            self._again_or_failed(db_task_result, db_task_result.exception_class_path)
        self.job_in_hand = None

    def _again_or_failed(self, job: DBTaskResult, failed_with: str, error=None) -> None:
        limit = get_setting("WORKER_JOB_ATTEMPTS")
        attempts = len(job.worker_ids)
        if job_runs_again(failed_with=failed_with, attempts=attempts, limit=limit):
            job_requeue(job)
            logger.warning("Task id=%s failed on the database (%s), run %d of %d: queued again",
                           job.id, failed_with, attempts, limit)  # fmt: skip
        elif error is not None:
            job.set_failed(error)

    def _job_in_hand_settle(self) -> None:
        """The job the database went away under: queued again, or failed after its last run."""
        job = self.job_in_hand
        job.refresh_from_db()
        if job.status == TaskResultStatus.RUNNING:  # its outcome was never recorded
            self._again_or_failed(job, error_path(self.lost_with), self.lost_with)
        elif job.status == TaskResultStatus.FAILED:
            self._again_or_failed(job, job.exception_class_path)
        self.job_in_hand = None

    def _recover(self, error: DatabaseError) -> None:
        logger.warning("Worker %s lost the database: %s: %s", self.worker_id,
                       type(error).__name__, error)  # fmt: skip
        self.lost_with = error
        lost, pause = time.monotonic(), RECONNECT_FIRST_PAUSE_SECONDS
        while self.running and not database_answers():
            time.sleep(pause)
            pause = min(pause * 2, RECONNECT_MAX_PAUSE_SECONDS)
        if self.running:
            logger.warning("Worker %s reconnected after %.1f s", self.worker_id,
                           time.monotonic() - lost)  # fmt: skip

    def _beat_due(self) -> bool:
        interval = get_setting("WORKER_HEARTBEAT_SECONDS")
        return self.last_beat is None or time.monotonic() - self.last_beat >= interval

    def beat(self) -> None:
        """Write the heartbeat. A failure is logged, not raised: the heartbeat thread must live
        on, and a database that is gone stops the loop's next query anyway."""
        try:
            heartbeat_beat(worker_id=self.worker_id, started_at=self.started_at)
        except DatabaseError as error:
            logger.warning("Worker %s could not write its heartbeat: %s", self.worker_id, error)
            return
        self.last_beat = time.monotonic()

    def _farewell(self) -> None:
        try:
            heartbeat_remove(worker_id=self.worker_id)
        except DatabaseError:
            logger.warning("Worker %s stopped without removing its heartbeat", self.worker_id)
