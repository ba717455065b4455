"""The editor's screening side panel in a real browser (R-12): a wrong form in a draft shows up
with its right form, and a term typed in the editor is found before anything is saved."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_in
from tests.workflows.chain import draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANEL = "[data-side-panel='xiuying-screening']"
TOGGLE = "[data-side-panel-toggle='xiuying-screening']"


@pytest.fixture(autouse=True)
def _fresh_lexicon_state():
    from tests.cms.screening.conftest import forget_compiled_lexicon

    forget_compiled_lexicon()
    yield
    forget_compiled_lexicon()


def test_wrong_form_in_a_draft_shows_in_the_side_panel(page, live_server, chain):
    article = draft(chain, chain.town_liaison, title="深入开展扫黑险恶专项斗争")
    sign_in(page, live_server.url, "town_liaison")
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")

    toggle = page.locator(TOGGLE)
    expect(toggle.locator("[data-side-panel-toggle-counter]")).to_have_text("1")
    toggle.click()
    panel = page.locator(PANEL)
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("严重表述错误")
    expect(panel.locator("[data-xiuying-screening-suggestion]")).to_have_text("扫黑除恶")
    expect(panel).to_contain_text("标题，第5字")

    page.fill("#id_summary", "市攻府召开会议")
    expect(toggle.locator("[data-side-panel-toggle-counter]")).to_have_text("2")
    expect(panel).to_contain_text("“攻府”应为“政府”")
    # Leave the editor so that no check is in flight when the test database is flushed.
    page.goto(f"{live_server.url}/admin/", wait_until="networkidle")
