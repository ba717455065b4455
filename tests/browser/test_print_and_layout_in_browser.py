"""The 审批表 printed by the browser and by reportlab, and the layout points of issue 17 (R-10,
R-23): one A4 page each, no heading or time broken one character a line, readable footer
buttons, the checklist's box beside its sentence."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.support import sign_in
from tests.browser.test_approval_in_browser import show_dialog
from tests.workflows.chain import draft, released, submit
from workflows.models import ApprovalForm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
A4 = (595, 842)


def a4_pages(pdf: bytes) -> list[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages]


def lines_of(page, selector):
    """How many lines each matching element's text takes."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(e => {
            const style = getComputedStyle(e);
            const range = document.createRange(); range.selectNodeContents(e);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return tops.size;
        })""",
    )


def luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(v)) for v in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground, background):
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_form_prints_on_one_a4_page_from_the_browser_and_from_reportlab(
    page, live_server, chain
):
    released(chain, title="长流镇召开基层党建工作推进会暨党组织书记述职评议会议")
    form = ApprovalForm.objects.get()
    sign_in(page, live_server.url, chain.site_admin)
    page.goto(f"{live_server.url}/admin/xiuying/approval-forms/{form.pk}/print/")
    page.emulate_media(media="print")

    assert max(lines_of(page, ".sheet-steps-head th")) <= 2
    assert max(lines_of(page, ".sheet-time")) <= 2
    assert a4_pages(page.pdf(format="A4", prefer_css_page_size=True)) == [A4]
    reportlab = page.request.get(f"{live_server.url}/admin/xiuying/approval-forms/{form.pk}/pdf/")
    assert a4_pages(reportlab.body()) == [A4]


def test_the_forms_footer_buttons_are_readable(page, live_server, chain):
    released(chain)
    form = ApprovalForm.objects.get()
    sign_in(page, live_server.url, chain.site_admin)
    page.goto(f"{live_server.url}/admin/xiuying/approval-forms/inspect/{form.pk}/")
    button = page.get_by_role("link", name="打印审批表").last
    expect(button).to_be_visible()
    colours = button.evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
    )
    assert contrast(*colours) >= 4.5, colours


def test_the_checklist_box_sits_beside_its_sentence(page, live_server, chain):
    article = submit(draft(chain, chain.dept_liaison, title="组织科召开党课"), chain.dept_liaison)
    sign_in(page, live_server.url, chain.dept_liaison)
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    dialog = show_dialog(page)
    box = dialog.locator("input[name=checklist_confirmed]").bounding_box()
    sentence = dialog.locator(".xiuying-checklist__confirm span").first.bounding_box()
    assert abs((box["y"] + box["height"] / 2) - (sentence["y"] + sentence["height"] / 2)) < 20
    assert 0 < sentence["x"] - (box["x"] + box["width"]) < 40
