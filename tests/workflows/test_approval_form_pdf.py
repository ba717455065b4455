"""The approval form (《秀英党建网信息发布审批表》, R-10): printable HTML and an A4 PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from columns.services import article_update
from tests.workflows.chain import act, draft, released, submit
from workflows import rules
from workflows.models import ApprovalForm

pytestmark = pytest.mark.django_db


def print_page(client, user, form) -> str:
    client.force_login(user)
    response = client.get(reverse("xiuying_records:approval_form_print", args=[form.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_print_view_shows_each_steps_signer_decision_and_skip_reasons(client, chain):
    article = released(chain)
    page = print_page(client, chain.site_admin, ApprovalForm.objects.get())
    assert "秀英党建网信息发布审批表" in page
    assert article.title in page
    for label in rules.STEP_LABELS.values():
        assert label in page
    for signer in ("town_liaison", "unit_approver", "proofreader1", "proofreader2", "site_admin"):
        assert signer in page
    assert page.count("<strong>同意</strong>") == 5
    assert page.count("<strong>不适用</strong>") == 2
    assert rules.SKIP_UNIT_NOT_DEPARTMENT in page
    assert rules.SKIP_NOT_SENSITIVE in page
    assert "@media print" in page
    assert "window.print()" in page


def test_print_view_shows_beijing_times(client, chain):
    from cms.core.office_time import OFFICE_TZ

    released(chain)
    form = ApprovalForm.objects.get()
    page = print_page(client, chain.site_admin, form)
    release = form.steps.get(step=rules.RELEASE).decided_at.astimezone(OFFICE_TZ)
    stamp = f"{release.year}年{release.month}月{release.day}日 {release:%H:%M}"
    assert stamp in page


def test_earlier_rejections_are_listed_below_the_table(client, chain):
    article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
    act(article, chain.town_liaison)
    act(article, chain.unit_approver)
    act(article, chain.proofreader1, action="reject", comment="第二段数据需核实")
    article_update(user=chain.town_liaison, article=article, summary="已核实数据")
    article.refresh_from_db()
    article.current_workflow_state.resume(user=chain.town_liaison)
    for user in (
        chain.town_liaison,
        chain.unit_approver,
        chain.proofreader1,
        chain.proofreader2,
        chain.site_admin,
    ):
        act(article, user)
    assert article.live
    page = print_page(client, chain.minister, ApprovalForm.objects.get())
    table, history = page.split("退回记录")
    assert "第二段数据需核实" not in table
    assert "<strong>退回</strong>：第二段数据需核实" in history
    assert table.count("<strong>同意</strong>") == 5


def test_pdf_is_an_a4_document_with_the_title_and_signers(client, chain):
    article = released(chain)
    form = ApprovalForm.objects.get()
    client.force_login(chain.town_liaison)  # the drafter
    response = client.get(reverse("xiuying_records:approval_form_pdf", args=[form.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"STSong-Light" in response.content
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [595, 842]  # A4 in points
    text = "".join(p.extract_text() for p in reader.pages)
    assert "秀英党建网信息发布审批表" in text
    assert article.title in text
    assert "proofreader2" in text
    assert rules.SKIP_NOT_SENSITIVE[:10] in text


def test_pdf_is_refused_to_another_liaison(client, chain):
    released(chain)
    client.force_login(chain.dept_liaison)
    url = reverse("xiuying_records:approval_form_pdf", args=[ApprovalForm.objects.get().pk])
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"


def test_printed_forms_show_no_requirement_codes(client, chain):
    """Issue 17: requirement codes stay in code and the README, off the printed form and its
    PDF, also in skip reasons recorded before the codes left the messages."""
    import re

    from workflows.models import ApprovalStep

    released(chain)
    form = ApprovalForm.objects.get()
    ApprovalStep.objects.filter(form=form, step=rules.UNIT_APPROVAL).update(
        skip_reason="来源单位为组织部科室，无需镇街单位审核（R-06）。"
    )
    page = print_page(client, chain.site_admin, form)
    pdf = client.get(reverse("xiuying_records:approval_form_pdf", args=[form.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "无需镇街单位审核" in page
    assert not re.search(r"R-\d\d", page)
    assert not re.search(r"R-\d\d", text)
