"""Reads of the public mini-program API on a read replica, when one is configured.

``DATABASE_REPLICA_URL`` adds the ``replica`` alias (config/settings/base.py). Only code run
inside ``replica_reads()`` reads from it: the public API endpoints (``cms.api.http``), never
the admin, the approval chain or anything that writes, which could act on rows a lagging
replica has not received yet. Writes always go to ``default``, and migrations never run on the
replica (it copies the primary). https://docs.djangoproject.com/en/5.2/topics/db/multi-db/
"""

import contextlib
import contextvars

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_replica_reads = contextvars.ContextVar("xiuying_replica_reads", default=False)


@contextlib.contextmanager
def replica_reads():
    """Reads in this block (this thread or task only) go to the replica if there is one."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        # Even for an object read from the replica: Django would otherwise write it back there.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        same_data = {DEFAULT_DB_ALIAS, REPLICA}
        return True if {obj1._state.db, obj2._state.db} <= same_data else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None
