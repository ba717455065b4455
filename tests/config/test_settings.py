import os
import subprocess
import sys

from django.conf import settings

from cms.core.conf import get_setting


def import_production_settings(**env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env}
    environment.pop("SECRET_KEY", None) if "SECRET_KEY" not in env else None
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = import_production_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug():
    result = import_production_settings(SECRET_KEY="x" * 50, DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_starts_with_a_secret_and_debug_off():
    result = import_production_settings(
        SECRET_KEY="x" * 50,
        DEBUG="0",
        PUBLIC_BASE_URL="https://dj.xiuying.example",
        XIUYING_KEY_FILE="/run/secrets/xiuying-keys.json",
    )
    assert result.returncode == 0, result.stderr


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_project_options_merge_site_overrides(settings):
    settings.XIUYING = {"UPDATE_INTERVAL_DAYS": {"news": 7}, "PASSWORD_MAX_AGE_DAYS": 60}
    assert get_setting("UPDATE_INTERVAL_DAYS")["news"] == 7
    assert get_setting("UPDATE_INTERVAL_DAYS")["policy"] == 180
    assert get_setting("PASSWORD_MAX_AGE_DAYS") == 60
