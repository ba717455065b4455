"""Replacing the screening lexicon in a real browser (R-12, issue 11): the import says what a
replace removes and replaces only once the specialist confirms."""

import os

import pytest
from playwright.sync_api import expect

from cms.screening.engine import default_entries
from cms.screening.models import LexiconEntry
from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_lexicon_state():
    from tests.cms.screening.conftest import forget_compiled_lexicon

    forget_compiled_lexicon()
    yield
    forget_compiled_lexicon()


def test_replace_lists_what_it_removes_and_waits_for_confirmation(
    page, live_server, specialist, tmp_path
):
    csv_file = tmp_path / "site.csv"
    csv_file.write_text("kind,term\nsensitive,换届选举\n", encoding="utf-8")
    sign_in(page, live_server.url, specialist)
    page.goto(f"{live_server.url}/admin/lexicon_entries/import/")
    page.set_input_files("input[name=file]", str(csv_file))
    page.check("input[name=replace][value='1']")
    page.click("main form button[type=submit]")

    shipped = len(default_entries())
    expect(page.locator("main")).to_contain_text(f"替换词库将删除现有{shipped}条启用词条")
    expect(page.locator("main table")).to_contain_text("中华人民共合国")
    if shot := os.environ.get("XIUYING_SCREENSHOT_DIR"):
        page.screenshot(path=f"{shot}/lexicon-replace-confirm.png", full_page=True)
    assert not LexiconEntry.objects.filter(term="换届选举").exists()

    page.click("main form button.no")
    expect(page.locator(".messages")).to_contain_text("词库已导入")
    assert list(LexiconEntry.objects.values_list("term", flat=True)) == ["换届选举"]
