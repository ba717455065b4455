"""The contract of every endpoint and every error (R-24)."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.cms.api.conftest import paragraph
from tests.cms.api.media import document_create, image_create, video_create

pytestmark = pytest.mark.django_db
BASE = "https://dangjian.xiuying.example"


def error_of(response):
    return response.status_code, response.json()["code"]


def test_site_lists_the_column_tree_and_latest_update(client, chain, sub_column, release):
    article = release()
    body = client.get("/api/v1/site").json()
    assert body["name"] == "秀英党建网"
    assert body["base_url"] == BASE
    assert body["columns"] == [
        {
            "id": chain.column.pk,
            "title": "工作动态",
            "slug": "news",
            "kind": "news",
            "children": [
                {
                    "id": sub_column.pk,
                    "title": "基层动态",
                    "slug": "grassroots",
                    "kind": "news",
                    "children": [],
                }
            ],
        }
    ]
    assert body["updated_at"].startswith(article.last_published_at.strftime("%Y-%m-%dT"))


def test_column_carries_its_sub_columns_and_parent(client, chain, sub_column):
    top = client.get(f"/api/v1/columns/{chain.column.pk}").json()
    assert (top["parent_id"], [c["id"] for c in top["children"]]) == (None, [sub_column.pk])
    below = client.get(f"/api/v1/columns/{sub_column.pk}").json()
    assert (below["parent_id"], below["children"], below["updated_at"]) == (
        chain.column.pk,
        [],
        None,
    )


def test_column_errors(client, home):
    assert error_of(client.get("/api/v1/columns/999999")) == (404, "column_not_found")
    assert error_of(client.get(f"/api/v1/columns/{home.pk}")) == (404, "column_not_found")
    assert error_of(client.get("/api/v1/columns/0")) == (400, "invalid_request")
    assert error_of(client.get("/api/v1/columns/abc")) == (400, "invalid_request")


def test_listing_item_carries_what_a_card_shows(client, chain, release, town):
    cover = image_create("封面", size=(1600, 900))
    article = release(title="党员冬训", summary="摘要" * 200, cover_image=cover)
    item = client.get("/api/v1/articles").json()["items"][0]
    assert item["id"] == article.pk
    assert item["column"] == {"id": chain.column.pk, "title": "工作动态"}
    assert item["source_unit"] == {"id": town.pk, "name": "长流镇"}
    assert item["kind"] == "work_focus"
    assert len(item["summary"]) == 120 and item["summary"].endswith("…")
    assert item["cover"]["url"].startswith(f"{BASE}/media/images/")
    assert (item["cover"]["width"], item["cover"]["height"]) == (360, 240)
    assert item["published_at"] and item["updated_at"]


def test_listing_is_newest_first_and_paged(client, release):
    first, second, third = (release(title=f"信息{n}") for n in range(3))
    body = client.get("/api/v1/articles", {"page_size": 2}).json()
    assert (body["count"], body["page"], body["page_size"]) == (3, 1, 2)
    assert [i["id"] for i in body["items"]] == [third.pk, second.pk]
    page2 = client.get("/api/v1/articles", {"page_size": 2, "page": 2}).json()["items"]
    assert [i["id"] for i in page2] == [first.pk]
    assert client.get("/api/v1/articles", {"page": 9}).json()["items"] == []


def test_listing_filters_by_column_kind_unit_and_since(client, chain, sub_column, release, town):
    in_top = release(title="栏目内")
    in_sub = release(title="子栏目内", column=sub_column, item_kind="good_practice")

    def ids(**params):
        return {i["id"] for i in client.get("/api/v1/articles", params).json()["items"]}

    assert ids(column=chain.column.pk) == {in_top.pk, in_sub.pk}
    assert ids(column=sub_column.pk) == {in_sub.pk}
    assert ids(kind="good_practice") == {in_sub.pk}
    assert ids(unit=town.pk) == {in_top.pk, in_sub.pk}
    assert ids(unit=town.pk + 1000) == set()
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert ids(since=future) == set()


def test_listing_errors(client, home):
    assert error_of(client.get("/api/v1/articles", {"page_size": 51})) == (400, "invalid_request")
    assert client.get("/api/v1/articles", {"page_size": 51}).json()["fields"] == ["page_size"]
    assert error_of(client.get("/api/v1/articles", {"page": 0})) == (400, "invalid_request")
    assert error_of(client.get("/api/v1/articles", {"kind": "x"})) == (400, "invalid_request")
    assert error_of(client.get("/api/v1/articles", {"since": "昨天"})) == (400, "invalid_request")
    for far in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        assert error_of(client.get("/api/v1/articles", {"since": far})) == (400, "invalid_request")
    assert error_of(client.get("/api/v1/articles", {"column": 424242})) == (
        404,
        "column_not_found",
    )


def test_article_detail_has_everything_a_reader_needs(client, chain, release, town):
    picture, poster = image_create("照片", size=(1600, 1200)), image_create("封面", (640, 360))
    video, attachment = video_create("视频"), document_create("工作要点")
    body = [
        paragraph('<p>见<a href="/news/">工作动态</a>。</p>'),
        ("image", {"image": picture, "caption": "会议现场", "alt_text": "现场"}),
        ("video", {"video": video, "poster": poster, "caption": "视频说明"}),
        ("attachment", {"document": attachment, "title": ""}),
    ]
    article = release(title="全文", summary="摘要", body=body)
    detail = client.get(f"/api/v1/articles/{article.pk}").json()
    assert (detail["title"], detail["summary"], detail["column"]["id"]) == (
        "全文",
        "摘要",
        chain.column.pk,
    )
    assert detail["source_unit"]["name"] == "长流镇"
    [image] = detail["images"]
    assert image["url"].startswith(f"{BASE}/media/images/")
    assert (image["width"], image["height"], image["caption"]) == (750, 562, "会议现场")
    assert f'src="{image["url"]}"' in detail["body_html"]
    [clip] = detail["videos"]
    assert clip["url"] == f"{BASE}{video.url}"
    assert clip["poster"]["url"].startswith(BASE) and clip["poster"]["width"] == 640
    assert clip["position"] == 3  # after the paragraph, the picture and its caption
    assert detail["attachments"] == [
        {
            "title": "工作要点",
            "size": attachment.file_size,
            "type": "txt",
            "content_type": "text/plain",
            "url": f"{BASE}{attachment.url}",
        }
    ]
    assert detail["links"] == [{"text": "工作动态", "url": f"{BASE}/news/"}]
    assert "<video" not in detail["body_html"] and "href" not in detail["body_html"]


def test_article_errors(client, home):
    assert error_of(client.get("/api/v1/articles/424242")) == (404, "article_not_found")
    assert error_of(client.get("/api/v1/articles/-1")) == (400, "invalid_request")
    assert error_of(client.get("/api/v1/articles/99999999999999999999")) == (
        400,
        "invalid_request",
    )


def test_search_segments_chinese_so_a_word_inside_a_phrase_is_found(client, release):
    # Han runs are one token to the database backends; "全会" must find "…全会精神".
    wanted = release(title="学习贯彻全会精神", summary="专题学习")
    release(title="党员冬训动员部署会", summary="冬训")
    body = client.get("/api/v1/search", {"q": "全会"}).json()
    assert (body["count"], [i["id"] for i in body["items"]]) == (1, [wanted.pk])
    assert client.get("/api/v1/search", {"q": "冬训 部署"}).json()["count"] == 1
    assert client.get("/api/v1/search", {"q": "乡村振兴"}).json()["count"] == 0


def test_search_reads_the_body_too(client, release):
    wanted = release(title="标题", body=[paragraph("<p>推进党建引领乡村振兴</p>")])
    items = client.get("/api/v1/search", {"q": "乡村振兴"}).json()["items"]
    assert [i["id"] for i in items] == [wanted.pk]


def test_search_errors(client, home):
    assert error_of(client.get("/api/v1/search")) == (400, "invalid_request")
    assert error_of(client.get("/api/v1/search", {"q": ""})) == (400, "invalid_request")
    assert error_of(client.get("/api/v1/search", {"q": "长" * 101})) == (400, "invalid_request")
    assert client.get("/api/v1/search", {"q": "\x00，。"}).json()["count"] == 0


def test_unknown_path_and_other_methods_answer_json(client, home):
    assert error_of(client.get("/api/v1/nothing/here")) == (404, "not_found")
    response = client.post("/api/v1/articles")
    assert error_of(response) == (405, "method_not_allowed")
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["message"] == "不支持该请求方法，接口只读。"


def test_openapi_document_describes_every_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/v1/site",
        "/api/v1/columns/{column_id}",
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/search",
        "/api/v1/preview/{token}",
    }
    assert "429" in paths["/api/v1/articles"]["get"]["responses"]


def test_docs_page_follows_the_setting(client):
    with override_settings(API_DOCS_ENABLED=False):
        assert error_of(client.get("/api/v1/docs")) == (404, "docs_disabled")
    with override_settings(API_DOCS_ENABLED=True):
        assert client.get("/api/v1/docs").status_code == 200


def test_absolute_urls_ignore_the_host_header(client, release):
    release(cover_image=image_create())
    response = client.get("/api/v1/articles", HTTP_HOST="evil.example")
    assert "evil.example" not in response.content.decode()
    assert response.json()["items"][0]["cover"]["url"].startswith(BASE)


@pytest.mark.parametrize(
    "since",
    ["1999-12-31T23:59:59", "2100-01-01T00:00:00", "1700000000", "0", "99999-01-01T00:00:00"],
)
def test_since_outside_what_the_document_says_is_refused(client, home, since):
    """Issue 18: the document says ISO 8601 in 2000-2099; a Unix timestamp or year 2100 is
    refused as it says, with the API's JSON error."""
    response = client.get("/api/v1/articles", {"since": since})
    assert error_of(response) == (400, "invalid_request")
    assert response.json()["fields"] == ["since"]


@pytest.mark.parametrize("since", ["2000-01-01T00:00:00", "2099-12-31T23:59:59-12:00"])
def test_since_within_the_documented_years_is_taken(client, home, since):
    assert client.get("/api/v1/articles", {"since": since}).status_code == 200


def test_the_document_states_the_since_pattern_and_the_preview_400(client):
    document = client.get("/api/v1/openapi.json").json()
    params = document["paths"]["/api/v1/articles"]["get"]["parameters"]
    since = next(p for p in params if p["name"] == "since")
    assert since["schema"]["pattern"] == "^20[0-9]{2}-"
    preview = document["paths"]["/api/v1/preview/{token}"]["get"]["responses"]
    assert {"400", "403", "410", "414", "429"} <= set(preview)
    assert "作为文本绑定" in document["info"]["description"]


def test_an_over_long_preview_token_is_the_documented_400(client, home):
    response = client.get(f"/api/v1/preview/{'a' * 600}")
    assert error_of(response) == (400, "invalid_request")


def test_a_ten_thousand_character_query_gets_the_apis_json_error(client, home):
    """Issue 18: gunicorn answered such a request line with its own HTML 414; its limit is now
    its maximum (the proxy caps lines below it with the API's JSON 414, docs/deploy.md)."""
    from config import gunicorn

    assert gunicorn.limit_request_line == 8190
    response = client.get("/api/v1/search", {"q": "a" * 10_000})
    assert error_of(response) == (400, "invalid_request")
    assert response.json()["fields"] == ["q"]


@pytest.mark.parametrize("path", ["/api/v1/site", "/api/v1/articles", "/api/v1/nothing"])
def test_head_answers_as_get_without_a_body(client, home, path):
    """Issue 18: HEAD answered 405."""
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code
    assert head.content == b""
    assert head["Content-Length"] == str(len(got.content))
    assert head["ETag"] == got["ETag"]
