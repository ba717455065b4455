"""The assessment in a real browser (R-21, R-22, R-25): the ranking with its chart and
highlights, the column assessment, and grading a released item with an adoption through the 评定
form's inline panel."""

import pytest
from playwright.sync_api import expect

from liaisons.models import Contribution
from tests.browser.support import sign_in
from tests.liaisons.conftest import liaisons_of_chain  # noqa: F401 - a fixture
from tests.workflows.chain import released

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_site_admin_reads_the_ranking_and_grades_an_item(
    page,
    live_server,
    chain,
    liaisons_of_chain,  # noqa: F811 - the imported fixture
    tmp_path,
):
    article = released(chain)
    contribution = Contribution.objects.get(article_page_id=article.pk)
    sign_in(page, live_server.url, chain.site_admin)

    page.goto(f"{live_server.url}/admin/reports/liaison-ranking/")
    expect(page.locator("#xiuying-liaison-ranking svg")).to_be_visible()
    expect(page.locator("tr.xiuying-top").first).to_contain_text("符海燕")
    page.screenshot(path=tmp_path / "ranking.png", full_page=True)

    page.goto(f"{live_server.url}/admin/reports/column-assessment/")
    expect(page.locator("#xiuying-department-totals")).to_contain_text("组织科")
    page.screenshot(path=tmp_path / "columns.png", full_page=True)

    page.goto(f"{live_server.url}/admin/liaisons/contributions/edit/{contribution.pk}/")
    page.select_option("select[name=grade]", "excellent")
    page.locator("#id_adoptions-ADD").click()
    page.select_option("select[name='adoptions-0-level']", "province")
    page.fill("input[name='adoptions-0-outlet']", "海南日报")
    page.fill("input[name='adoptions-0-adopted_on']", "2026-11-20")
    page.screenshot(path=tmp_path / "assess.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()

    contribution.refresh_from_db()
    assert contribution.grade == "excellent"
    assert contribution.adoptions.get().outlet == "海南日报"
