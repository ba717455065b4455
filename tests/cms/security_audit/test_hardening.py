"""Web hardening (R-13): sign-in and API rate limits per client address with a Chinese 429, the
Content Security Policy production sends, and production's headers and cookies."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory

from cms.conf import DEFAULTS
from cms.security.ratelimit import TOO_MANY_REQUESTS, TOO_MANY_SIGNINS, rate_limited

LOGIN_URL = "/admin/login/"
CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"


@pytest.fixture(autouse=True)
def production_rate(settings):
    settings.XIUYING = {**settings.XIUYING, "LOGIN_RATE_LIMIT": DEFAULTS["LOGIN_RATE_LIMIT"]}


def test_sign_in_is_limited_to_ten_a_minute_by_default():
    assert DEFAULTS["LOGIN_RATE_LIMIT"] == "10/m"


def sign_in(client, number: int, address: str):
    # A different username each time, so django-axes' per-account lockout stays out of it.
    data = {"username": f"nobody{number}", "password": "wrong"}
    return client.post(LOGIN_URL, data, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_eleventh_sign_in_within_a_minute_is_refused_with_429(client):
    answers = [sign_in(client, n, "198.51.100.4").status_code for n in range(10)]
    refused = sign_in(client, 10, "198.51.100.4")

    assert 429 not in answers
    assert refused.status_code == 429
    assert TOO_MANY_SIGNINS in refused.content.decode()
    assert int(refused["Retry-After"]) >= 1


@pytest.mark.django_db
def test_sign_in_limit_counts_each_address_apart(client):
    for n in range(10):
        sign_in(client, n, "198.51.100.4")

    assert sign_in(client, 10, "198.51.100.5").status_code != 429


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_escape_the_limit(client):
    for n in range(10):
        sign_in(client, n, "198.51.100.4")

    forged = client.post(
        LOGIN_URL,
        {"username": "x", "password": "y"},
        REMOTE_ADDR="198.51.100.4",
        HTTP_X_FORWARDED_FOR="10.9.8.7",
    )
    assert forged.status_code == 429


def test_rate_limited_api_view_answers_429_json_beyond_its_rate():
    @rate_limited("test.api", "3/m")
    def view(request):
        return HttpResponse("ok")

    def call():
        return view(RequestFactory().get("/api/v1/items/", REMOTE_ADDR="192.0.2.44"))

    answers = [call().status_code for _ in range(3)]
    refused = call()

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert json.loads(refused.content) == {"detail": TOO_MANY_REQUESTS}
    assert "Retry-After" in refused


@pytest.fixture
def csp_on(settings):
    """The middleware production adds, on the policy base.py defines."""
    settings.MIDDLEWARE = [CSP_MIDDLEWARE, *settings.MIDDLEWARE]


@pytest.mark.django_db
def test_public_responses_enforce_the_policy(csp_on, client):
    response = client.get("/no-such-page/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy


@pytest.mark.django_db
def test_admin_gets_the_same_policy_report_only(csp_on, client):
    response = client.get(LOGIN_URL)

    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def production_settings(**env) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_PRELOAD', "
        "'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', "
        "'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', 'X_FRAME_OPTIONS', "
        "'SECURE_REFERRER_POLICY', 'MIDDLEWARE']}))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "p" * 50,
        "PUBLIC_BASE_URL": "https://dj.example.cn",
        "DEBUG": "0",
        **env,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        check=False,
    )


def test_production_sends_security_headers_and_safe_cookies():
    result = production_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)

    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["X_FRAME_OPTIONS"] == "SAMEORIGIN"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    # The policy goes on every response Django makes: CSP right after the security headers and
    # the static files WhiteNoise serves, before any gate that may answer early.
    middleware = values["MIDDLEWARE"]
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1 : security + 3] == [
        "whitenoise.middleware.WhiteNoiseMiddleware",
        CSP_MIDDLEWARE,
    ]


def test_production_refuses_to_turn_scanning_off():
    result = production_settings(UPLOAD_SCANNING="0")

    assert result.returncode != 0
    assert "Upload virus scanning cannot be turned off in production" in result.stderr
