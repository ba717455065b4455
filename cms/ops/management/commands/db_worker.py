"""``manage.py db_worker``: django-tasks-db's worker command, with the worker of
``cms.ops.worker`` that reconnects after losing its database, queues again the jobs that failed
on it, and writes a heartbeat (issue 11). Same options as django-tasks-db's."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from cms.ops.worker import ResilientWorker


class Command(db_worker.Command):
    help = "Run the database background worker (reconnects, retries, heartbeat)."

    def handle(self, *, verbosity, queue_name, batch, reload, **options) -> None:
        self.configure_logging(verbosity)
        reload = reload and not batch  # django-tasks-db: --reload and --batch do not mix
        options = {k: options[k] for k in WORKER_OPTIONS}
        worker = ResilientWorker(queue_names=queue_name.split(","), batch=batch, **options)
        if not reload:
            worker.configure_signals()
            worker.run()
            return
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker.configure_signals()  # only the reloaded child handles the signals
        run_with_reloader(worker.run)


WORKER_OPTIONS = ("interval", "backend_name", "startup_delay", "max_tasks", "worker_id")
