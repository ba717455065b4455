"""A public page costs a fixed number of queries whatever the size of its column (STYLE rule 5):
the listing, its count, release times and covers are one query each, never one per item."""

import pytest

from tests.cms.api.conftest import options
from tests.cms.api.media import image_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]

# Measured (2026-12): home 6, column 3, item 5, search 5 once the content generation is warm
# (its first request reads the scope, the column tree and the footer, and a column's first
# request its listing order and its page, then kept). Before the public addresses were looked up
# in the column tree (cms/web/routing.py): home 12, column 12, item 16, search 8.
HOME, COLUMN, ITEM, SEARCH = 6, 3, 5, 5


@pytest.fixture
def uncached():
    # What a page costs to draw; a cached page costs none (tests/cms/web/test_page_cache.py).
    with options(WEB_CACHE_SECONDS=0):
        yield


@pytest.fixture
def covers(db):
    return [image_create(f"封面{n}", size=(800, 600)) for n in range(2)]


def _grow(release, covers, count):
    return [release(title=f"全会精神学习第{n}期", cover_image=covers[n % 2]) for n in range(count)]


def _counted(client, url, django_assert_max_num_queries, limit, **params):
    client.get(url, params)  # renditions are made on first use; the generation is warmed
    with django_assert_max_num_queries(limit) as counted:
        assert client.get(url, params).status_code == 200
    return len(counted)


@pytest.mark.parametrize(
    ("url", "limit", "params"),
    [("/", HOME, {}), ("/news/", COLUMN, {}), ("/search/", SEARCH, {"q": "全会"})],
)
def test_listing_pages_cost_the_same_for_two_or_six_items(
    client, release, covers, django_assert_max_num_queries, url, limit, params
):
    _grow(release, covers, 2)
    few = _counted(client, url, django_assert_max_num_queries, limit, **params)
    _grow(release, covers, 4)
    many = _counted(client, url, django_assert_max_num_queries, limit, **params)
    assert many == few


def test_an_item_page_costs_the_same_in_a_small_or_a_large_column(
    client, release, covers, django_assert_max_num_queries
):
    first = _grow(release, covers, 3)[1]
    few = _counted(client, first.url, django_assert_max_num_queries, ITEM)
    _grow(release, covers, 4)
    many = _counted(client, first.url, django_assert_max_num_queries, ITEM)
    assert many == few
