"""What production settings choose for operations: S3 media (scanned) when a bucket is named,
WhiteNoise for static files, JSON logs, the database queue, mail by SMTP; and they still refuse
to start without a secret, or with a mail backend that delivers nothing (R-13)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

REPORT = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "default": s.STORAGES["default"]["BACKEND"],
    "options": s.STORAGES["default"].get("OPTIONS", {}),
    "renditions": s.STORAGES["renditions"]["BACKEND"],
    "staticfiles": s.STORAGES["staticfiles"]["BACKEND"],
    "middleware": s.MIDDLEWARE,
    "formatter": s.LOGGING["handlers"]["console"]["formatter"],
    "tasks": s.TASKS["default"]["BACKEND"],
    "email": s.EMAIL_BACKEND,
}))
"""
SAFE = {
    "SECRET_KEY": "x" * 50,
    "DEBUG": "0",
    "PUBLIC_BASE_URL": "https://dj.xiuying.example",
    "XIUYING_KEY_FILE": "/run/secrets/xiuying-keys.json",
}


def production(*command, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env}
    for name in (
        "SECRET_KEY",
        "AWS_STORAGE_BUCKET_NAME",
        "S3_BUCKET",
        "LOG_FORMAT",
        "TASKS_BACKEND",
        "EMAIL_BACKEND",
        "ALLOW_LOCAL_EMAIL_BACKEND",
        "XIUYING_KEY_FILE",
        "XIUYING_KEY_BACKEND",
        "XIUYING_KEYS",
    ):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(  # noqa: S603
        [sys.executable, *(command or ("-c", REPORT))],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def report(**env) -> dict:
    result = production(**SAFE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_media_on_disk_whitenoise_json_logs_and_the_database_queue():
    chosen = report()

    assert chosen["default"] == "cms.security.storage.ScanningFileSystemStorage"
    assert chosen["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    middleware = chosen["middleware"]
    assert middleware[:2] == [
        "cms.ops.middleware.RequestIdMiddleware",
        "cms.ops.middleware.HealthCheckMiddleware",
    ]
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert chosen["formatter"] == "json"
    assert chosen["tasks"] == "django_tasks_db.DatabaseBackend"


def test_a_named_bucket_puts_media_on_s3_still_scanned():
    chosen = report(AWS_STORAGE_BUCKET_NAME="xiuying-media", S3_ENDPOINT_URL="http://minio:9000")

    assert chosen["default"] == "cms.security.storage.ScanningS3Storage"
    assert chosen["renditions"] == "storages.backends.s3.S3Storage"
    assert chosen["options"]["bucket_name"] == "xiuying-media"
    assert chosen["options"]["endpoint_url"] == "http://minio:9000"
    assert chosen["options"]["file_overwrite"] is False


def test_plain_logs_on_request():
    assert report(LOG_FORMAT="plain")["formatter"] == "plain"


def test_production_with_s3_still_refuses_a_missing_secret():
    result = production(AWS_STORAGE_BUCKET_NAME="xiuying-media")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


LOCAL_BACKENDS = ["console", "filebased", "locmem", "dummy"]


def test_production_sends_mail_by_smtp_by_default():
    assert report()["email"] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("backend", LOCAL_BACKENDS)
def test_production_refuses_a_mail_backend_that_delivers_nothing(backend):
    # The probe found reset links in the server log with the console backend.
    result = production(**SAFE, EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend")

    assert result.returncode != 0
    assert "delivers no mail" in result.stderr
    assert "ALLOW_LOCAL_EMAIL_BACKEND=1" in result.stderr


def test_the_override_starts_production_and_check_deploy_names_it():
    console = "django.core.mail.backends.console.EmailBackend"
    assert report(EMAIL_BACKEND=console, ALLOW_LOCAL_EMAIL_BACKEND="1")["email"] == console

    result = production(
        "manage.py",
        "check",
        "--deploy",
        **SAFE,
        EMAIL_BACKEND=console,
        ALLOW_LOCAL_EMAIL_BACKEND="1",
    )
    output = result.stdout + result.stderr
    assert "xiuying.W003" in output
    assert "ALLOW_LOCAL_EMAIL_BACKEND is set (now: on)" in output


def test_production_refuses_to_start_without_a_source_of_keys():
    safe = {name: value for name, value in SAFE.items() if name != "XIUYING_KEY_FILE"}
    result = production(**safe)
    assert result.returncode != 0
    assert "XIUYING_KEY_FILE must be set" in result.stderr

    result = production(**safe, XIUYING_KEY_BACKEND="command")
    assert "XIUYING_KEY_COMMAND must be set" in result.stderr
