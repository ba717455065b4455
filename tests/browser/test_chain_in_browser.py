"""A town item through the whole chain in a real browser (R-05..R-09, R-12)."""

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from tests.browser.support import live_server_idle, sign_in
from tests.workflows.chain import current_step, draft, step_statuses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_editor(page, base_url, article):
    page.goto(f"{base_url}/admin/pages/{article.pk}/edit/")


def approve(page, base_url, article, user, next_step):
    sign_in(page, base_url, user)
    open_editor(page, base_url, article)
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    page.locator("[data-workflow-action-name='approve']").click()
    dialog = page.locator(".modal, [role=dialog]").last
    dialog.locator("input[name=checklist_confirmed]").check()
    # The modal validates in the background, then submits the editor's form: the step has been
    # taken once the browser has navigated to the answer of that form.
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    assert_step(article, next_step)


def assert_step(article, expected):
    """The item is at ``expected``; otherwise fail with the run's history."""
    seen = read_step(article)
    assert seen == expected, f"expected {expected}, found {seen}; steps: {step_statuses(article)}"


def read_step(article, attempts=40):
    # SQLite's shared in-memory test database locks whole tables while a live-server thread
    # (the editor's leave-page beacons) still writes; read again once that has committed.
    for _ in range(attempts):
        try:
            return current_step(article)
        except OperationalError:
            live_server_idle()
    return current_step(article)


def test_town_item_released_through_the_chain(page, live_server, chain):
    article = draft(chain, chain.town_liaison, title="长流镇召开基层党建推进会")
    sign_in(page, live_server.url, chain.town_liaison)
    open_editor(page, live_server.url, article)
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    with page.expect_navigation():
        page.locator("footer button[name='action-submit']").click()
    assert_step(article, "drafter_review")

    for user, next_step in [
        (chain.town_liaison, "unit_approval"),
        (chain.unit_approver, "proofread_1"),
        (chain.proofreader1, "proofread_2"),
        (chain.proofreader2, "release"),
    ]:
        approve(page, live_server.url, article, user, next_step)

    sign_in(page, live_server.url, chain.proofreader1)
    open_editor(page, live_server.url, article)
    expect(page.locator("[data-workflow-action-name='approve']")).to_have_count(0)

    approve(page, live_server.url, article, chain.site_admin, None)
    article.refresh_from_db()
    assert article.live
