"""A liaison is offered neither 栏目 as a page type nor bulk 发布 (issue 17, R-02, R-08)."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_in
from tests.workflows.chain import draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_sees_neither_the_column_type_nor_bulk_publish(page, live_server, chain):
    draft(chain, chain.dept_liaison, title="组织科召开党课")
    sign_in(page, live_server.url, chain.dept_liaison)
    page.goto(f"{live_server.url}/admin/pages/{chain.column.pk}/")
    page.get_by_role("link", name="添加子页面").first.click()
    # Straight to the item's form: 信息 is the only type a liaison may create here.
    expect(page).to_have_url(
        f"{live_server.url}/admin/pages/add/columns/articlepage/{chain.column.pk}/"
    )
    expect(page.get_by_text("栏目类型的页面")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/pages/{chain.column.pk}/")
    page.locator("[data-bulk-action-checkbox]").first.check()
    actions = page.locator(".bulk-actions-buttons")
    expect(actions).to_be_visible()
    expect(actions).not_to_contain_text("发布")
    expect(actions).not_to_contain_text("移动")


def test_the_site_admin_is_offered_both(page, live_server, chain):
    draft(chain, chain.dept_liaison, title="组织科召开党课")
    sign_in(page, live_server.url, chain.site_admin)
    page.goto(f"{live_server.url}/admin/pages/{chain.column.pk}/add_subpage/")
    expect(page.get_by_text("栏目类型的页面")).to_be_visible()
    page.goto(f"{live_server.url}/admin/pages/{chain.column.pk}/")
    page.locator("[data-bulk-action-checkbox]").first.check()
    expect(page.locator(".bulk-actions-buttons")).to_contain_text("发布")
