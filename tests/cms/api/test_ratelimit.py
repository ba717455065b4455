"""Rate limits per client address, with a clear 429 (R-13, R-24)."""

import pytest

from cms.api.fastpath import rate_of
from tests.cms.api.conftest import options

# Limits per hour in these tests: a test never straddles two counting windows.


@pytest.mark.django_db
@options(API_RATE_LIMIT="3/h")
def test_the_request_over_the_limit_is_refused_in_chinese(client, home):
    for _ in range(3):
        assert client.get("/api/v1/site").status_code == 200
    response = client.get("/api/v1/site")
    assert response.status_code == 429
    assert response.json() == {
        "code": "rate_limited",
        "message": "请求过于频繁，请稍后再试。",
        "fields": [],
    }
    assert int(response["Retry-After"]) >= 1
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
@options(API_RATE_LIMIT="2/h")
def test_limits_count_per_client_address_and_ignore_forged_forwarding(client, home):
    for _ in range(2):
        client.get("/api/v1/site", REMOTE_ADDR="203.0.113.5")
    forged = client.get("/api/v1/site", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert forged.status_code == 429
    assert client.get("/api/v1/site", REMOTE_ADDR="203.0.113.6").status_code == 200


@pytest.mark.django_db
@options(API_RATE_LIMIT="100/h", API_SEARCH_RATE_LIMIT="1/h")
def test_search_has_its_own_tighter_limit(client, home):
    assert client.get("/api/v1/search", {"q": "全会"}).status_code == 200
    assert client.get("/api/v1/search", {"q": "党建"}).status_code == 429
    assert client.get("/api/v1/articles").status_code == 200


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("300/m", (300, 60)), ("60/s", (60, 1)), ("10/5m", (10, 300)), ("1000/d", (1000, 86400))],
)
def test_rates_read_as_django_ratelimit_writes_them(rate, expected):
    assert rate_of(rate) == expected
