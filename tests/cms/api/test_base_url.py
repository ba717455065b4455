"""Absolute URLs of the API (R-24, issue 11): always PUBLIC_BASE_URL in production; in
development without PUBLIC_BASE_URL, the host and port the developer's server answers on."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.cms.api.media import image_create

pytestmark = pytest.mark.django_db
FOLLOW = "cms.api.media.RequestBaseUrlMiddleware"


@pytest.fixture
def development(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, FOLLOW]


def cover_url(client, host):
    item = client.get("/api/v1/articles", HTTP_HOST=host).json()["items"][0]
    return item["cover"]["url"]


def test_production_urls_ignore_the_host_header(client, chain, release):
    release(cover_image=image_create())
    assert client.get("/api/v1/site", HTTP_HOST="evil.example").json()["base_url"] == (
        settings.PUBLIC_BASE_URL
    )
    assert cover_url(client, "evil.example").startswith(settings.PUBLIC_BASE_URL + "/")


def test_development_urls_follow_the_servers_port(client, chain, release, development):
    release(cover_image=image_create())
    site = client.get("/api/v1/site", HTTP_HOST="127.0.0.1:8001").json()
    assert site["base_url"] == "http://127.0.0.1:8001"
    assert cover_url(client, "127.0.0.1:8001").startswith("http://127.0.0.1:8001/")
    # The cached response of one port is not served to another.
    assert cover_url(client, "localhost:8002").startswith("http://localhost:8002/")


def dev_middleware(**env) -> str:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **env}
    if "PUBLIC_BASE_URL" not in env:
        environment.pop("PUBLIC_BASE_URL", None)
    code = "from django.conf import settings; print(settings.MIDDLEWARE[-1])"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return result.stdout.strip()


def test_development_follows_the_request_only_while_public_base_url_is_unset():
    assert dev_middleware() == FOLLOW
    assert dev_middleware(PUBLIC_BASE_URL="https://dangjian.example") != FOLLOW
