"""The external link checker, against a loopback server the test starts and nothing else: 200,
404, 500, a redirect chain, a redirect loop, a timeout, a TLS error, HEAD refused, robots.txt,
per-host concurrency and the cached results."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.compliance import linkcheck
from cms.compliance.linkscan import external_refresh, url_key
from cms.compliance.models import ExternalLink
from tests.cms.compliance.loopback import LoopbackServer

OPTIONS = linkcheck.Options(per_host=2, concurrency=10, timeout=0.5, max_redirects=3)


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


def check(server, *paths, options=OPTIONS):
    return linkcheck.check_urls([server.base + p for p in paths], options)


def test_statuses_and_redirect_chain(server):
    results = check(server, "/ok", "/missing", "/error", "/r1")
    ok, missing, error, chain = (
        results[server.base + p] for p in ("/ok", "/missing", "/error", "/r1")
    )
    assert (ok.status, ok.broken) == (200, False)
    assert (missing.status, missing.broken) == (404, True)
    assert (error.status, error.broken) == (500, True)
    assert (chain.status, chain.redirects, chain.final_url) == (200, 2, server.base + "/ok")
    assert not chain.broken


def test_head_first_then_get_when_head_fails(server):
    assert check(server, "/ok")[server.base + "/ok"].status == 200
    assert (server.hits[("HEAD", "/ok")], server.hits[("GET", "/ok")]) == (1, 0)
    result = check(server, "/nohead")[server.base + "/nohead"]
    assert (result.status, result.broken) == (200, False)
    assert (server.hits[("HEAD", "/nohead")], server.hits[("GET", "/nohead")]) == (1, 1)


def test_redirect_loop_timeout_and_tls_error(server):
    server.slow_seconds = 2
    tls = server.base.replace("http://", "https://") + "/ok"
    results = check(server, "/loop", "/slow")
    results.update(linkcheck.check_urls([tls], OPTIONS))
    assert results[server.base + "/loop"].error == linkcheck.TOO_MANY_REDIRECTS
    assert results[server.base + "/slow"].error == linkcheck.TIMEOUT
    assert results[tls].error == linkcheck.TLS_ERROR
    assert all(result.broken for result in results.values())


def test_robots_txt_is_respected(server):
    result = check(server, "/private")[server.base + "/private"]
    assert result.robots_disallowed and not result.broken
    assert server.hits[("HEAD", "/private")] + server.hits[("GET", "/private")] == 0
    assert server.hits[("GET", "/robots.txt")] == 1


def test_no_more_than_per_host_requests_at_once(server):
    server.slow_seconds = 0.2
    results = check(server, *(f"/slow{n}" for n in range(6)))
    assert all(not r.broken for r in results.values())
    assert server.max_in_flight == 2


@pytest.mark.django_db
def test_results_are_cached_and_first_broken_time_kept(server, settings):
    settings.XIUYING = {"LINKCHECK_TIMEOUT_SECONDS": 0.5}
    url = server.base + "/missing"
    now = timezone.now()
    assert external_refresh([url], now=now) == 1
    assert external_refresh([url], now=now + timedelta(hours=1)) == 0  # cached: not asked again
    assert server.hits[("HEAD", "/missing")] == 1
    assert external_refresh([url], now=now + timedelta(hours=25)) == 1
    row = ExternalLink.objects.get(url_sha256=url_key(url))
    assert (row.status, row.broken, row.first_broken_at) == (404, True, now)
    assert row.checked_at == now + timedelta(hours=25)
