"""Public pages are cached whole under the content generation: a hit costs no query, a release,
a takedown or a footer change shows at once, and readers' copies are revalidated with ETag and
Last-Modified (R-24). A picture or document changed or deleted shows at once too."""

import pytest
from wagtail.models import Site

from cms.api import cache
from home.models import SiteFooter
from tests.cms.api.media import document_create, image_create, image_file_replace
from tests.cms.web.conftest import html_of, options
from workflows.takedown import article_take_down

pytestmark = pytest.mark.django_db


def test_a_cached_page_costs_no_query(client, release, django_assert_num_queries):
    article = release(title="缓存的信息")
    for url in ("/", "/news/", article.url):
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content and again["ETag"] == first["ETag"]


def test_a_release_shows_at_once_on_cached_pages(client, release):
    release(title="第一条")
    assert "第二条" not in html_of(client.get("/"))
    release(title="第二条")
    assert "第二条" in html_of(client.get("/"))


def test_a_takedown_shows_at_once_on_cached_pages(client, release, specialist):
    article = release(title="将被下线")
    url = article.url
    assert "将被下线" in html_of(client.get("/news/"))
    assert client.get(url).status_code == 200
    article_take_down(user=specialist, article=article, reason="内容有误")
    assert "将被下线" not in html_of(client.get("/news/"))
    assert client.get(url).status_code == 404


def test_a_footer_change_shows_at_once(client, home):
    client.get("/")
    footer = SiteFooter.for_site(Site.objects.get(is_default_site=True))
    footer.icp_number = "琼ICP备12345678号"
    footer.save()
    assert "琼ICP备12345678号" in html_of(client.get("/"))


def test_large_type_is_cached_apart_from_standard_type(client, home):
    client.get("/")
    client.get("/display/large/")
    assert "is-large" in html_of(client.get("/"))
    client.cookies.clear()
    assert "is-large" not in html_of(client.get("/"))


def test_a_readers_copy_is_revalidated_with_etag_and_last_modified(client, release):
    article = release()
    first = client.get(article.url)
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in first["Vary"]
    assert client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(article.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304 and since.content == b""


def test_unknown_query_parameters_are_served_but_not_cached(
    client, home, django_assert_max_num_queries
):
    client.get("/", {"utm_source": "wechat"})
    with django_assert_max_num_queries(30) as counted:
        assert client.get("/", {"utm_source": "wechat"}).status_code == 200
    assert len(counted) > 0


def test_the_page_cache_can_be_switched_off(client, release, django_assert_max_num_queries):
    article = release()
    with options(WEB_CACHE_SECONDS=0):
        client.get(article.url)
        with django_assert_max_num_queries(30) as counted:
            client.get(article.url)
    assert len(counted) > 0


def test_a_replaced_picture_shows_at_once_on_cached_pages(
    client, release, picture, django_capture_on_commit_callbacks
):
    release(title="有封面的信息", cover_image=picture)
    before = html_of(client.get("/news/"))
    old = picture.get_rendition("fill-360x240").url
    assert old in before
    with django_capture_on_commit_callbacks(execute=True):
        image_file_replace(picture)
    after = html_of(client.get("/news/"))
    assert old not in after
    assert picture.get_rendition("fill-360x240").url in after


def test_a_page_drawn_between_the_new_file_and_the_renditions_deletion_is_not_kept(
    client, release, picture, django_capture_on_commit_callbacks
):
    release(title="有封面的信息", cover_image=picture)
    client.get("/news/")
    old = picture.get_rendition("fill-360x240").url
    with django_capture_on_commit_callbacks(execute=True):
        picture.file = image_create("换过的图片").file
        picture._set_image_file_metadata()
        picture.save()
    assert old in html_of(client.get("/news/"))  # the old renditions are not deleted yet
    with django_capture_on_commit_callbacks(execute=True):
        picture.renditions.all().delete()
    assert old not in html_of(client.get("/news/"))


def test_a_deleted_attachment_is_gone_at_once_from_cached_pages(
    client, release, django_capture_on_commit_callbacks
):
    document = document_create("工作要点")
    article = release(title="有附件的信息", body=[("attachment", {"document": document})])
    assert ">工作要点</a>" in html_of(client.get(article.url))
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert ">工作要点</a>" not in html_of(client.get(article.url))


def test_new_files_and_their_filled_in_metadata_keep_the_cached_pages(
    client, home, django_capture_on_commit_callbacks
):
    token = cache.generation()["token"]
    with django_capture_on_commit_callbacks(execute=True):
        image = image_create("新上传的图片")
        type(image).objects.filter(pk=image.pk).update(file_hash="")
        image.refresh_from_db()
        image.get_file_hash()  # Wagtail saves the hash it fills in
        document_create("新上传的文件")
    assert cache.generation()["token"] == token
