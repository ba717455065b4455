"""The site keeps serving when Redis is down (issue 8, "Load and faults"): the API uncached and
without rate limits, the sign-in without its rate limit (django-axes still counts failures in
the database). Redis is "down" here by pointing the cache at a closed port; no Redis is needed.
"""

import logging
import runpy

import pytest
from django.conf import settings
from django.test import Client, override_settings

from cms.api import fastpath
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db
CLOSED_PORT = "redis://127.0.0.1:1/0"
REDIS_DOWN = override_settings(
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    },
    DJANGO_REDIS_IGNORE_EXCEPTIONS=True,
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True,
    RATELIMIT_FAIL_OPEN=True,
)


@pytest.fixture(autouse=True)
def _warn_again():
    fastpath._warned["at"] = float("-inf")


def base_settings(monkeypatch, **env) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "config" / "settings" / "base.py"))


def test_with_redis_configured_cache_errors_are_logged_not_raised(monkeypatch):
    values = base_settings(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/0")
    assert values["DJANGO_REDIS_IGNORE_EXCEPTIONS"] is True
    assert values["DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS"] is True
    assert values["RATELIMIT_FAIL_OPEN"] is True
    assert values["CACHES"]["default"]["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 2


def test_persistent_database_connections_are_checked_before_reuse(monkeypatch):
    values = base_settings(monkeypatch, DATABASE_URL="postgres://xiuying@127.0.0.1:5432/xiuying")
    assert values["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert values["DATABASES"]["default"]["CONN_MAX_AGE"] > 0


@REDIS_DOWN
@pytest.mark.parametrize("path", ["/api/v1/site", "/api/v1/articles", "/api/v1/search?q=党建"])
def test_api_answers_uncached_when_redis_is_down(client, home, caplog, path):
    with caplog.at_level(logging.WARNING, logger="cms.api.fastpath"):
        response = client.get(path)
    assert response.status_code == 200
    assert response["ETag"] and response["Last-Modified"]
    assert "Redis unreachable" in caplog.text


@REDIS_DOWN
def test_if_none_match_still_answers_304_when_redis_is_down(client, home):
    first = client.get("/api/v1/site")
    again = client.get("/api/v1/site", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@REDIS_DOWN
def test_api_is_not_rate_limited_when_redis_is_down(client, home):
    limits = {**settings.XIUYING, "API_RATE_LIMIT": "1/h", "API_SEARCH_RATE_LIMIT": "1/h"}
    with override_settings(XIUYING=limits):
        statuses = {client.get("/api/v1/search", {"q": "全会"}).status_code for _ in range(3)}
    assert statuses == {200}


@REDIS_DOWN
def test_sign_in_works_when_redis_is_down(town_liaison):
    limits = {**settings.XIUYING, "LOGIN_RATE_LIMIT": "1/h", "LOGIN_ADDRESS_RATE_LIMIT": "1/h"}
    browser = Client()
    with override_settings(XIUYING=limits):
        for _ in range(2):
            response = browser.post(
                "/admin/login/", {"username": town_liaison.username, "password": PASSWORD}
            )
            assert response.status_code == 302, response.content.decode()[:300]
        assert browser.get("/admin/").status_code == 200


@REDIS_DOWN
def test_without_redis_what_is_public_is_computed_once_per_span_not_per_request(
    client, home, django_assert_max_num_queries, monkeypatch
):
    fastpath._outage["started"] = float("-inf")
    client.get("/api/v1/articles")
    with django_assert_max_num_queries(2):  # rows and count only: the scope is kept
        assert client.get("/api/v1/articles", {"page": 2}).status_code == 200
    generation = fastpath._outage["generation"]
    monkeypatch.setattr(fastpath, "OUTAGE_GENERATION_SECONDS", 0)
    client.get("/api/v1/articles")
    assert fastpath._outage["generation"] != generation  # a release shows after the span
