"""``manage.py worker_health`` for the process manager (issue 11): exit 0 with a fresh
heartbeat from a worker on this host, 1 when it is stale or there is none."""

import io
import socket
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cms.ops.models import WorkerHeartbeat
from cms.ops.queue import heartbeat_beat

pytestmark = pytest.mark.django_db


def health(*args) -> str:
    out = io.StringIO()
    call_command("worker_health", *args, stdout=out)
    return out.getvalue()


def test_a_fresh_heartbeat_on_this_host_is_healthy():
    heartbeat_beat(worker_id="jobs-1", started_at=timezone.now())

    assert health().startswith(f"后台任务进程正常：主机 {socket.gethostname()} 上最近一次心跳在")
    assert health("--worker-id", "jobs-1").startswith("后台任务进程正常：进程 jobs-1 ")


def test_no_worker_exits_1():
    with pytest.raises(CommandError) as failed:
        health()

    assert failed.value.returncode == 1
    assert (
        str(failed.value) == f"没有后台任务进程在运行：主机 {socket.gethostname()} 上没有心跳记录。"
    )


def test_a_stale_heartbeat_exits_1():
    heartbeat_beat(worker_id="jobs-1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=5))

    with pytest.raises(CommandError) as failed:
        health("--worker-id", "jobs-1")

    message = str(failed.value)
    assert message.startswith("后台任务进程可能已停止：进程 jobs-1 最近一次心跳在 30")
    assert message.endswith(" 秒前（超过 120 秒视为停止）。")


def test_a_worker_on_another_host_counts_only_with_any_host():
    heartbeat_beat(worker_id="jobs-2", started_at=timezone.now())
    WorkerHeartbeat.objects.update(hostname="jobs-host-2.example")

    with pytest.raises(CommandError):
        health()
    assert health("--any-host").startswith("后台任务进程正常：所有主机上最近一次心跳在")
