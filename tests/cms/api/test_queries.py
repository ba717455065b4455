"""Listings cost the same number of queries whatever the page size, and a page of 50 with long
summaries stays well under 128 KB (R-24; STYLE rule 5)."""

import pytest

from tests.cms.api.conftest import options
from tests.cms.api.media import image_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(release):
    covers = [image_create(f"封面{n}", size=(800, 600)) for n in range(3)]
    return [
        release(
            title=f"秀英区党建工作动态第{n}期：学习贯彻全会精神推进基层治理",
            summary="秀英区各基层党组织认真学习贯彻全会精神，" * 25,  # 500 characters
            cover_image=covers[n % 3],
        )
        for n in range(6)
    ]


@options(API_CACHE_SECONDS=0)
def test_listing_queries_do_not_grow_with_page_size(client, many, django_assert_max_num_queries):
    client.get("/api/v1/articles", {"page_size": 6})  # renditions are made on first use
    with django_assert_max_num_queries(9) as small:
        assert len(client.get("/api/v1/articles", {"page_size": 1}).json()["items"]) == 1
    with django_assert_max_num_queries(len(small)) as large:
        assert len(client.get("/api/v1/articles", {"page_size": 6}).json()["items"]) == 6
    assert len(large) == len(small)


@options(API_CACHE_SECONDS=0)
def test_search_queries_do_not_grow_with_page_size(client, many, django_assert_max_num_queries):
    client.get("/api/v1/search", {"q": "全会", "page_size": 6})
    with django_assert_max_num_queries(10) as small:
        client.get("/api/v1/search", {"q": "全会", "page_size": 1})
    with django_assert_max_num_queries(len(small)) as large:
        assert client.get("/api/v1/search", {"q": "全会", "page_size": 6}).json()["count"] == 6
    assert len(large) == len(small)


def test_a_full_page_of_long_items_is_well_under_128_kb(client, many, release):
    many += [release(title="长" * 240, summary="摘" * 500, cover_image=None) for _ in range(2)]
    page = client.get("/api/v1/articles", {"page_size": 50})
    assert len(page.json()["items"]) == len(many)
    per_item = len(page.content) / len(many)
    # Fifty such items, each at its longest, with cover, column and unit.
    assert per_item * 50 < 64 * 1024, per_item


@options(API_CACHE_SECONDS=0)
def test_the_count_of_a_listing_is_kept_until_the_content_changes(
    client, many, release, django_assert_num_queries
):
    client.get("/api/v1/articles", {"page_size": 6})  # renditions are made on first use
    with django_assert_num_queries(2):  # rows, the covers' renditions with their images: no count
        assert client.get("/api/v1/articles", {"page": 2, "page_size": 1}).json()["count"] == 6
    release(title="新发布的一条信息")
    assert client.get("/api/v1/articles", {"page_size": 1}).json()["count"] == 7
