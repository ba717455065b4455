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

from cms.core.conf import DEFAULTS
from cms.security.ratelimit import TOO_MANY_REQUESTS, TOO_MANY_SIGNINS, rate_limited

LOGIN_URL = "/admin/login/"
CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"


@pytest.fixture(autouse=True)
def production_rate(settings):
    names = ("LOGIN_RATE_LIMIT", "LOGIN_ADDRESS_RATE_LIMIT")
    settings.XIUYING = {**settings.XIUYING, **{name: DEFAULTS[name] for name in names}}


@pytest.fixture
def rates(settings):
    """Small rates, so that django-axes (five failures of one username) stays out of it."""

    def set_rates(pair: str, address: str) -> None:
        limits = {"LOGIN_RATE_LIMIT": pair, "LOGIN_ADDRESS_RATE_LIMIT": address}
        settings.XIUYING = {**settings.XIUYING, **limits}

    return set_rates


def test_sign_in_is_limited_per_address_and_username_with_a_ceiling_per_address():
    assert DEFAULTS["LOGIN_RATE_LIMIT"] == "10/m"
    assert DEFAULTS["LOGIN_ADDRESS_RATE_LIMIT"] == "100/m"


def sign_in(client, number: int, address: str, username: str = ""):
    data = {"username": username or f"nobody{number}", "password": "wrong"}
    return client.post(LOGIN_URL, data, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_one_username_from_one_address_is_refused_beyond_its_rate(client, rates):
    rates("3/m", "100/m")
    answers = [sign_in(client, n, "198.51.100.4", "town_liaison").status_code for n in range(3)]
    refused = sign_in(client, 3, "198.51.100.4", "Town_Liaison ")

    assert 429 not in answers
    assert refused.status_code == 429
    assert TOO_MANY_SIGNINS in refused.content.decode()
    assert int(refused["Retry-After"]) >= 1


@pytest.mark.django_db
def test_an_office_behind_one_address_signs_in_at_the_start_of_the_day(client):
    """Issue 11: thirty colleagues behind one NAT address within a minute are not one attacker."""
    answers = {sign_in(client, n, "198.51.100.4").status_code for n in range(30)}
    assert 429 not in answers


@pytest.mark.django_db
def test_many_usernames_from_one_address_meet_the_address_ceiling(client, rates):
    rates("10/m", "5/m")
    answers = [sign_in(client, n, "198.51.100.4").status_code for n in range(5)]
    refused = sign_in(client, 5, "198.51.100.4")

    assert 429 not in answers
    assert refused.status_code == 429
    assert TOO_MANY_SIGNINS in refused.content.decode()


@pytest.mark.django_db
def test_sign_in_limit_counts_each_address_apart(client, rates):
    rates("10/m", "5/m")
    for n in range(5):
        sign_in(client, n, "198.51.100.4")

    assert sign_in(client, 5, "198.51.100.5").status_code != 429


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_escape_the_limit(client, rates):
    rates("10/m", "5/m")
    for n in range(5):
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
        "XIUYING_KEY_FILE": "/run/secrets/xiuying-keys.json",
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
