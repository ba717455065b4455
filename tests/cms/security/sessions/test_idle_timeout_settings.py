"""Production's idle timeout comes from SESSION_IDLE_MINUTES (R-17)."""

import os
import subprocess
import sys

PRINT_AGE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST)"
)


def production_session_settings(**env) -> str:
    inherited = {k: v for k, v in os.environ.items() if k != "SESSION_IDLE_MINUTES"}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "DEBUG": "0",
        "PUBLIC_BASE_URL": "https://dangjian.example",
        "XIUYING_KEY_FILE": "/run/secrets/xiuying-keys.json",
        **env,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PRINT_AGE], env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_ends_sessions_after_thirty_idle_minutes_by_default():
    assert production_session_settings() == "1800 True"


def test_production_idle_timeout_follows_the_environment():
    assert production_session_settings(SESSION_IDLE_MINUTES="15") == "900 True"
