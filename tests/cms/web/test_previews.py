"""Approvers see what they sign: Wagtail's previews (editor and workflow) render the public
templates from the draft, as 电脑版, 手机版 and, for items, as the mini-program shows them
(R-10, R-12, R-24)."""

import pytest
from django.test import RequestFactory

from columns.services import article_create, article_update
from tests.cms.api.conftest import options, paragraph
from tests.cms.web.conftest import html_of
from tests.workflows.chain import act, current_state, submit

pytestmark = pytest.mark.django_db


def at_proofreading(chain, **fields):
    """A town item submitted and passed by its drafter and unit: waiting for 一校."""
    article = article_create(user=chain.town_liaison, column=chain.column, **fields)
    article = submit(article, chain.town_liaison)
    act(article, chain.town_liaison)
    act(article, chain.unit_approver)
    return article


def workflow_preview_url(article) -> str:
    state = current_state(article)
    return f"/admin/pages/workflow/preview/{article.pk}/{state.task_id}/"


def test_the_approver_of_the_current_step_previews_the_draft_it_signs(client, chain, picture):
    body = [
        paragraph("<p>审核人看到的正文。</p>"),
        ("image", {"image": picture, "caption": "活动现场", "alt_text": ""}),
    ]
    article = at_proofreading(chain, title="待一校的信息", body=body)
    client.force_login(chain.proofreader1)
    response = client.get(workflow_preview_url(article))
    page = html_of(response)
    assert response.status_code == 200
    assert '<h1 class="page-title">待一校的信息</h1>' in page
    assert "审核人看到的正文。" in page and 'alt="活动现场"' in page
    assert "预览（电脑版）" in page and "尚未发布" in page
    assert "private" in response["Cache-Control"]


def test_someone_not_on_the_current_step_cannot_preview_it(client, chain):
    article = at_proofreading(chain, title="待一校的信息")
    client.force_login(chain.dept_leader)
    response = client.get(workflow_preview_url(article))
    # Wagtail sends an account without access to the item back to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_a_draft_that_is_not_public_is_previewed_but_not_served(client, chain):
    article = at_proofreading(chain, title="待一校的信息")
    assert client.get("/news/" + article.slug + "/").status_code == 404
    client.force_login(chain.proofreader1)
    assert client.get(workflow_preview_url(article)).status_code == 200


def _preview(page, mode, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    response = page.make_preview_request(request, mode)
    return response.status_code, html_of(response)


def test_an_edit_of_a_live_item_previews_the_edit_not_the_live_version(chain, release):
    article = release(title="已发布标题")
    article_update(user=chain.town_liaison, article=article, title="修改后的标题")
    draft = article.get_latest_revision_as_object()
    status, page = _preview(draft, "", chain.site_admin)
    assert status == 200
    assert "修改后的标题" in page and "已发布标题" not in page


def test_phone_mode_lays_the_page_out_in_a_phone_frame(chain, release):
    article = release(title="手机版预览")
    status, page = _preview(article, "phone", chain.site_admin)
    assert status == 200
    assert 'class="in-phone-frame"' in page and "预览（手机版）" in page


def test_miniprogram_mode_draws_the_apis_body_nodes(chain, picture):
    body = [
        paragraph("<p>小程序<b>正文</b><script>alert(1)</script></p>"),
        ("image", {"image": picture, "caption": "图注文字", "alt_text": "替代文字"}),
    ]
    article = at_proofreading(chain, title="小程序预览", body=body)
    draft = article.get_latest_revision_as_object()
    status, page = _preview(draft, "miniprogram", chain.proofreader1)
    assert status == 200
    assert "<p>小程序<b>正文</b></p>" in page
    assert "alert(1)" not in page
    assert 'alt="替代文字"' in page and '<p class="caption">图注文字</p>' in page
    assert 'src="https://dangjian.xiuying.example/' in page


def test_every_page_type_offers_desktop_and_phone_and_items_the_miniprogram_too(home, chain):
    from columns.models import ArticlePage

    assert [mode for mode, _ in home.preview_modes] == ["", "phone"]
    assert [mode for mode, _ in chain.column.preview_modes] == ["", "phone"]
    assert [str(label) for _, label in ArticlePage().preview_modes] == [
        "电脑版",
        "手机版",
        "小程序",
    ]


def test_home_and_column_previews_render(chain, release):
    release(title="栏目里的信息")
    for page in (chain.column.get_parent().specific, chain.column):
        for mode in ("", "phone"):
            status, html = _preview(page, mode, chain.site_admin)
            assert status == 200 and "栏目里的信息" in html


@options(PUBLIC_SITE=False)
def test_previews_work_with_the_public_site_off(client, chain):
    article = at_proofreading(chain, title="无头模式下的预览")
    client.force_login(chain.proofreader1)
    assert client.get(workflow_preview_url(article)).status_code == 200


def test_view_live_in_the_admin_opens_the_public_page(client, chain, release):
    import re

    article = release(title="已发布的信息")
    client.force_login(chain.site_admin)
    listing = html_of(client.get(f"/admin/pages/{chain.column.pk}/"))
    pattern = 'href="([^"]*' + re.escape(article.url) + '[^"]*)"'
    links = set(re.findall(pattern, listing))
    assert links, "the explorer offers no link to the live page"
    for link in links:
        assert client.get(link).status_code == 200
