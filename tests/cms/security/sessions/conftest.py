import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories.users import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_sign_in_rate_limit():
    """These tests sign in many times from one address; the sign-in rate limit counts in the
    cache, which outlives a test."""
    cache.clear()


@pytest.fixture
def sign_in():
    """Sign in through Wagtail's login form as a browser at ``addr`` would; a plain client, so
    the second factor is not passed for it."""

    def sign_in(user, *, agent="Browser A", addr="203.0.113.1"):
        browser = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=addr)
        response = browser.post("/admin/login/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content
        return browser

    return sign_in


@pytest.fixture
def minister(make_user, section):
    return make_user("minister", "minister", unit=section)
