import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Alerts, rate limits and the spray counter live in the cache; each test starts empty."""
    cache.clear()
    yield
    cache.clear()
