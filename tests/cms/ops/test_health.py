"""/healthz says the process answers; /readyz checks the database, the cache and clamd, each
with its status and time, 200 when all pass and 503 otherwise. Both answer before sessions,
CSRF, the sign-in gates and the HTTPS redirect. The background jobs' checks (the queue, the
worker's heartbeat; issue 11) warn without taking the server out of the load balancer."""

from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.ops import health
from cms.ops.models import WorkerHeartbeat
from cms.ops.queue import heartbeat_beat
from cms.security.rescan import media_rescan_task
from tests.cms.conftest import scanning_with


def probe(path: str, **extra):
    # The load balancer: plain HTTP, no cookies, the server's address as Host.
    return Client(enforce_csrf_checks=True).get(path, HTTP_HOST="10.0.0.7:8000", **extra)


def test_healthz_answers_without_touching_the_database(settings):
    # No django_db mark: any query would fail the test.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["dangjian.xiuying.example"]

    response = probe("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_checks_the_real_database_and_cache(settings):
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_SCANNING": False}

    response = probe("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache"}
    for check in body["checks"].values():
        assert check["ok"] is True
        assert isinstance(check["ms"], float)
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_checks_clamd_when_uploads_are_scanned(scanning):
    response = probe("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["clamd"]["ok"] is True


@pytest.mark.django_db
def test_readyz_is_503_when_clamd_does_not_answer(settings, closed_port, caplog):
    scanning_with(settings, f"clamd://127.0.0.1:{closed_port}")

    response = probe("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["clamd"]["ok"] is False
    assert body["checks"]["clamd"]["error"] == "ScannerUnavailable"
    assert body["checks"]["database"]["ok"] is True
    # The reason is logged once by the check, not again as Django's "Service Unavailable".
    assert [r.name for r in caplog.records if r.levelname == "WARNING"].count("cms.ops.health") == 1
    assert not [r for r in caplog.records if r.name == "django.request"]


def broken_database():
    """A connection like the test database's, pointed at a place where no database is."""
    default = connections["default"]
    broken = {**default.settings_dict, "PORT": "1", "NAME": "/nonexistent/xiuying/db.sqlite3"}
    if default.vendor == "sqlite":
        broken["OPTIONS"] = {**broken["OPTIONS"], "uri": False}
    return type(default)(broken, alias="broken")


@pytest.mark.django_db
def test_database_check_fails_on_a_connection_that_cannot_connect():
    result = health.check_database(broken_database())

    assert result.ok is False
    assert result.error == "OperationalError"
    assert result.as_dict()["ms"] >= 0


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_down(settings, monkeypatch):
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_SCANNING": False}
    monkeypatch.setattr(health, "connections", {"default": broken_database()})

    response = probe("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "ok": False,
        "ms": response.json()["checks"]["database"]["ms"],
        "error": "OperationalError",
    }
    assert response.json()["checks"]["cache"]["ok"] is True


WORKER_WATCHED = {"UPLOAD_SCANNING": False, "WORKER_EXPECTED": True}


@pytest.mark.django_db
def test_readyz_warns_but_stays_200_when_an_expected_worker_never_beat(settings):
    settings.XIUYING = {**settings.XIUYING, **WORKER_WATCHED}

    response = probe("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "warn"
    worker = body["checks"]["worker"]
    assert (worker["ok"], worker["critical"], worker["workers"]) == (False, False, 0)
    assert worker["last_beat_seconds"] is None
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_readyz_shows_a_fresh_heartbeat_and_warns_once_it_is_stale(settings):
    settings.XIUYING = {**settings.XIUYING, **WORKER_WATCHED}
    heartbeat_beat(worker_id="jobs-1", started_at=timezone.now())

    fresh = probe("/readyz").json()
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=121))
    stale = probe("/readyz").json()

    assert fresh["status"] == "ok"
    assert fresh["checks"]["worker"]["ok"] is True
    assert fresh["checks"]["worker"]["workers"] == 1
    assert stale["status"] == "warn"
    assert stale["checks"]["worker"]["ok"] is False
    assert stale["checks"]["worker"]["last_beat_seconds"] >= 121


@pytest.mark.django_db
def test_readyz_shows_the_queue_and_warns_when_its_oldest_job_waited_too_long(
    settings, database_queue
):
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_SCANNING": False}
    job = media_rescan_task.enqueue()

    waiting = probe("/readyz").json()
    DBTaskResult.objects.filter(pk=job.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=11)
    )
    late = probe("/readyz")

    assert waiting["status"] == "ok"
    assert waiting["checks"]["queue"]["ok"] is True
    assert waiting["checks"]["queue"]["ready"] == 1
    assert late.status_code == 200
    assert late.json()["status"] == "warn"
    assert late.json()["checks"]["queue"]["ok"] is False
    assert late.json()["checks"]["queue"]["oldest_seconds"] >= 660
    assert "worker" not in late.json()["checks"]  # no worker expected in this configuration
