"""The footer comes from the site settings edited in the admin (网站页脚), not from the
template; error pages are Chinese and in the site's style."""

import pytest
from django.template.loader import render_to_string
from wagtail.models import Site

from home.models import ICP_FILING_URL, SiteFooter, police_filing_url
from tests.cms.web.conftest import html_of

pytestmark = pytest.mark.django_db


def test_police_filing_link_is_built_from_the_numbers_digits():
    assert police_filing_url("琼公网安备 46010502000123号") == (
        "https://beian.mps.gov.cn/#/query/webSearch?code=46010502000123"
    )
    assert police_filing_url("") == ""


@pytest.fixture
def footer(home, picture):
    return SiteFooter.objects.create(
        site=Site.objects.get(is_default_site=True),
        sponsor="中共海口市秀英区委组织部",
        address="海口市秀英区秀英大道1号",
        phone="0898-12345678",
        email="dangjian@xiuying.example",
        government_mark=picture,
        government_mark_url="https://bszs.conac.cn/sitename?method=show&id=TEST",
        icp_number="琼ICP备00000001号-1",
        police_number="琼公网安备46010502000123号",
        site_code="4601050001",
    )


def test_footer_shows_the_settings_of_the_site(client, footer):
    page = html_of(client.get("/"))
    assert "主办单位：中共海口市秀英区委组织部" in page
    assert f'<a href="{ICP_FILING_URL}" rel="noopener">琼ICP备00000001号-1</a>' in page
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=46010502000123"' in page
    assert "网站标识码：4601050001" in page
    assert 'alt="党政机关网站标识"' in page
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=TEST"' in page
    assert 'href="tel:089812345678"' in page and "mailto:dangjian@xiuying.example" in page


def test_changing_the_settings_changes_every_page(client, footer):
    footer.icp_number = "琼ICP备99999999号"
    footer.save()
    assert "琼ICP备99999999号" in html_of(client.get("/"))


def test_empty_settings_leave_out_their_lines(client, home):
    page = html_of(client.get("/"))
    assert "主办单位" not in page and "ICP" not in page and "网站标识码" not in page


def test_not_found_page_is_in_the_sites_style(client, home):
    response = client.get("/no-such-column/")
    assert response.status_code == 404
    page = html_of(response)
    assert "页面不存在" in page and "web/site.css" in page and 'role="search"' in page


def test_server_error_page_needs_no_context_and_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = render_to_string("500.html")
    assert "服务器出错" in page and "web/site.css" in page


def test_the_site_administrator_edits_the_footer_and_a_liaison_cannot(
    client, home, site_admin, town_liaison
):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/home/sitefooter/{site.pk}/"
    client.force_login(town_liaison)
    assert client.get(url).status_code in (302, 403)
    client.force_login(site_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert "ICP备案号" in response.content.decode()
