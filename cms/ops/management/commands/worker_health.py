"""``manage.py worker_health``: the background worker's liveness for the process manager (a
systemd timer, a container's liveness probe). Exits 0 when a worker on this host (or the one
``--worker-id`` names, or any with ``--any-host``) wrote its heartbeat within
``WORKER_STALE_SECONDS``; exits 1 when none did, or the database cannot be reached.

    manage.py worker_health                       # on the worker's host
    manage.py worker_health --worker-id web1-jobs # db_worker --worker-id web1-jobs
"""

import socket

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cms.core.conf import get_setting
from cms.ops.queue import worker_pulse

FRESH = "后台任务进程正常：{scope}最近一次心跳在 {age:.0f} 秒前。"
STALE = "后台任务进程可能已停止：{scope}最近一次心跳在 {age:.0f} 秒前（超过 {limit} 秒视为停止）。"
ABSENT = "没有后台任务进程在运行：{scope}没有心跳记录。"
DATABASE_DOWN = "无法读取后台任务进程心跳：数据库不可用（{error}）。"


def scope_of(*, worker_id: str | None, hostname: str | None) -> str:
    if worker_id:
        return f"进程 {worker_id} "
    return f"主机 {hostname} 上" if hostname else "所有主机上"


class Command(BaseCommand):
    help = "Exit 1 unless a background worker (on this host) has a fresh heartbeat."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", help="the worker started with this --worker-id only")
        parser.add_argument("--any-host", action="store_true", help="a worker on any host")

    def handle(self, *args, worker_id=None, any_host=False, **options):
        hostname = None if (worker_id or any_host) else socket.gethostname()
        try:
            pulse = worker_pulse(hostname=hostname, worker_id=worker_id)
        except DatabaseError as error:
            raise CommandError(DATABASE_DOWN.format(error=type(error).__name__)) from error
        scope = scope_of(worker_id=worker_id, hostname=hostname)
        if pulse.last_beat_seconds is None:
            raise CommandError(ABSENT.format(scope=scope))
        facts = {"scope": scope, "age": pulse.last_beat_seconds}
        if not pulse.fresh:
            raise CommandError(STALE.format(**facts, limit=get_setting("WORKER_STALE_SECONDS")))
        self.stdout.write(FRESH.format(**facts))
