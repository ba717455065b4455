"""The public website shows exactly what the API serves: released items of published columns,
with their release-log times, and answers 404 for everything else (R-04, R-08, R-11, R-24)."""

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from columns.services import article_create, article_update
from tests.cms.api.conftest import paragraph
from tests.cms.web.conftest import html_of
from tests.workflows.chain import act, submit
from workflows.models import ReleaseLogEntry
from workflows.takedown import article_take_down

pytestmark = pytest.mark.django_db


def test_home_lists_the_columns_and_their_newest_items(client, chain, release):
    article = release(title="学习贯彻全会精神")
    page = html_of(client.get("/"))
    assert 'aria-label="栏目导航"' in page
    assert '<a href="/news/">工作动态</a>' in page
    assert f'<a href="{article.url}">学习贯彻全会精神</a>' in page


def test_item_page_shows_title_unit_and_the_release_log_time(client, chain, release):
    article = release(title="长流镇召开党建工作推进会", body=[paragraph("<p>会议部署工作。</p>")])
    entry = ReleaseLogEntry.objects.get(article_page_id=article.pk, kind="release")
    response = client.get(article.url)
    page = html_of(response)
    assert response.status_code == 200
    assert '<h1 class="page-title">长流镇召开党建工作推进会</h1>' in page
    assert "来源：长流镇" in page
    released = timezone.localtime(entry.recorded_at)
    assert f'发布时间：<time datetime="{released.isoformat()}">' in page
    assert released.strftime("%Y年%-m月%-d日 %H:%M") in page
    assert "会议部署工作。" in page


def test_a_hand_set_public_date_never_replaces_the_release_time(client, chain, release):
    article = release(title="补录日期的信息")
    Page.objects.filter(pk=article.pk).update(first_published_at="2001-01-01T00:00Z")
    page = html_of(client.get(article.url))
    assert "2001年" not in page


def test_a_draft_is_not_found(client, chain, release):
    release()
    draft = article_create(user=chain.town_liaison, column=chain.column, title="草稿")
    Page.objects.filter(pk=draft.pk).update(live=False)
    assert client.get("/news/" + draft.slug + "/").status_code == 404
    assert "草稿" not in html_of(client.get("/news/"))


def test_an_item_in_the_chain_is_not_found_before_release(client, chain):
    article = submit(
        article_create(user=chain.town_liaison, column=chain.column, title="审批中"),
        chain.town_liaison,
    )
    act(article, chain.town_liaison)
    assert client.get("/news/" + article.slug + "/").status_code == 404


def test_an_item_made_live_behind_the_chains_back_is_not_found(client, chain, release):
    # live, but no approved form for its live revision; the page answers as if absent.
    release(title="正常发布")
    sneaked = article_create(user=chain.town_liaison, column=chain.column, title="绕过审批")
    Page.objects.filter(pk=sneaked.pk).update(live=True)
    response = client.get("/news/" + sneaked.slug + "/")
    assert response.status_code == 404
    assert "页面不存在" in html_of(response)
    assert "绕过审批" not in html_of(client.get("/news/"))
    assert "绕过审批" not in html_of(client.get("/"))


def test_a_taken_down_item_is_not_found(client, release, specialist):
    article = release(title="将被下线")
    url = article.url
    assert client.get(url).status_code == 200
    article_take_down(user=specialist, article=article, reason="内容有误")
    assert client.get(url).status_code == 404
    assert "将被下线" not in html_of(client.get("/news/"))


def test_items_of_an_unpublished_column_are_not_found(client, chain, release):
    article = release(title="栏目下线后的信息")
    url = article.url
    assert client.get(url).status_code == 200
    chain.column.unpublish()
    assert client.get(url).status_code == 404
    assert "栏目下线后的信息" not in html_of(client.get("/"))


def test_a_restricted_item_is_not_found_rather_than_asking_a_password(client, chain, release):
    article = release(title="内部信息")
    PageViewRestriction.objects.create(
        page=chain.column, restriction_type="password", password="pw-123456"
    )
    assert client.get(article.url).status_code == 404
    assert client.get(chain.column.url).status_code == 404
    assert "内部信息" not in html_of(client.get("/"))


def test_an_edited_item_shows_its_released_version_until_the_edit_is_released(
    client, chain, release
):
    article = release(title="已发布标题")
    article_update(user=chain.town_liaison, article=article, title="未审批的修改")
    page = html_of(client.get(article.url))
    assert "已发布标题" in page
    assert "未审批的修改" not in page


def test_a_column_lists_its_items_and_sub_columns_newest_first(client, chain, release, sub_column):
    release(title="较早的信息")
    release(title="子栏目的信息", column=sub_column)
    release(title="最新的信息")
    page = html_of(client.get(chain.column.url))
    assert page.index("最新的信息") < page.index("子栏目的信息") < page.index("较早的信息")
    assert '<a href="/news/grassroots/">基层动态</a>' in page
    assert "最近更新：" in page and "共 3 条信息" in page


def test_a_column_is_paginated(client, chain, release):
    with_size = {"WEB_PAGE_SIZE": 2}
    from tests.cms.api.conftest import options

    for n in range(3):
        release(title=f"第{n}条")
    with options(**with_size):
        first = html_of(client.get(chain.column.url))
        second = html_of(client.get(chain.column.url, {"page": 2}))
        assert client.get(chain.column.url, {"page": 3}).status_code == 404
    assert "第2条" in first and "第1条" in first and "第0条" not in first
    assert "第0条" in second and "第 2 页，共 2 页" in second
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_an_item_links_to_the_previous_and_next_items_of_its_column(client, release):
    older, middle, newer = release(title="旧的"), release(title="中间"), release(title="新的")
    page = html_of(client.get(middle.url))
    assert f'上一篇：<a href="{newer.url}" rel="prev">新的</a>' in page
    assert f'下一篇：<a href="{older.url}" rel="next">旧的</a>' in page


def test_an_item_carries_share_meta_for_open_graph_and_wechat(client, release, picture):
    article = release(title="主题党日", summary="全区开展主题党日活动。", cover_image=picture)
    page = html_of(client.get(article.url))
    url = "https://dangjian.xiuying.example" + article.url
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:title" content="主题党日">' in page
    assert '<meta itemprop="description" content="全区开展主题党日活动。">' in page
    assert '<meta itemprop="image" content="https://dangjian.xiuying.example/' in page


def test_body_blocks_render_images_with_alt_text_video_and_attachments(client, release, picture):
    from tests.cms.api.media import document_create, video_create

    body = [
        paragraph("<p>正文第一段。</p>"),
        ("image", {"image": picture, "caption": "志愿者在社区服务", "alt_text": ""}),
        ("video", {"video": video_create("活动视频"), "poster": picture, "caption": "活动视频"}),
        ("attachment", {"document": document_create("工作要点"), "title": ""}),
    ]
    page = html_of(client.get(release(title="多种形式", body=body).url))
    assert 'alt="志愿者在社区服务"' in page and "srcset=" in page
    assert "<figcaption>志愿者在社区服务</figcaption>" in page
    assert "<video controls" in page and 'poster="' in page
    assert ">工作要点</a>" in page and "（TXT，" in page


def test_search_page_finds_only_published_items(client, chain, release):
    release(title="学习贯彻全会精神")
    article_create(user=chain.town_liaison, column=chain.column, title="全会草稿")
    page = html_of(client.get("/search/", {"q": "全会"}))
    assert "找到 1 条" in page
    assert "学习贯彻全会精神" in page and "全会草稿" not in page


def test_search_without_a_query_shows_the_form(client, home):
    page = html_of(client.get("/search/"))
    assert 'role="search"' in page and "找到" not in page


def test_a_columns_last_update_is_its_newest_release_in_the_log(client, chain, release):
    article = release(title="最新发布")
    Page.objects.filter(pk=article.pk).update(last_published_at="2001-01-01T00:00Z")
    entry = ReleaseLogEntry.objects.get(article_page_id=article.pk, kind="release")
    page = html_of(client.get(chain.column.url))
    released = timezone.localtime(entry.recorded_at)
    assert f'最近更新：<time datetime="{released.isoformat()}">' in page
    assert "2001年" not in page
