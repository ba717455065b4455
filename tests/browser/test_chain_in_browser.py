"""A town item through the whole chain in a real browser (R-05..R-09, R-12)."""

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from tests.browser.support import sign_in
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
    dialog.locator("button[type=submit]").click()
    wait_for_step(page, article, next_step)


def wait_for_step(page, article, expected, seconds=20):
    """The modal posts in the background: wait until the item reaches ``expected`` (not for the
    network to idle), then fail with the run's history if it never does."""
    seen = None
    for _ in range(seconds * 4):
        try:
            seen = current_step(article)
        except OperationalError:
            # SQLite's shared in-memory test database locks whole tables while the live
            # server's thread writes; read again once it has committed.
            seen = "(table locked)"
        if seen == expected:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"expected {expected}, still {seen}; steps: {step_statuses(article)}")


def test_town_item_released_through_the_chain(page, live_server, chain):
    article = draft(chain, chain.town_liaison, title="长流镇召开基层党建推进会")
    sign_in(page, live_server.url, chain.town_liaison)
    open_editor(page, live_server.url, article)
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    page.locator("footer button[name='action-submit']").click()
    wait_for_step(page, article, "drafter_review")

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
