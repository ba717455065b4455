"""The editor's panel with screening v2 (issue 16): a wrong leader title with its right form,
near-duplicates of live items with a link, and pictures being read (识别中)."""

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image

from cms.screening.leader_actions import register_changed
from cms.screening.models import Leader, LeaderTitle, OcrText
from tests.cms.screening.test_screening_admin import check, editor_data
from tests.workflows.chain import act, draft, submit
from workflows.exports import approval_sheet
from workflows.models import ApprovalForm

pytestmark = pytest.mark.django_db

TOWN_CHAIN = ("town_liaison", "unit_approver", "proofreader1", "proofreader2", "site_admin")
NEWS = (
    "5月12日，海秀街道党工委组织机关党员30余人赴琼崖纵队纪念园开展主题党日活动。"
    "党员们重温入党誓词，参观革命史料展，聆听老党员讲述琼崖革命二十三年红旗不倒的故事。"
)


def panel(client, user, article, **fields):
    client.force_login(user)
    target = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    return check(client, target, {**editor_data(), **fields}).json()


def test_panel_shows_a_wrong_leader_title_with_the_right_form(client, chain):
    leader = Leader.objects.create(name="贾二华", protocol_order=2)
    LeaderTitle.objects.create(leader=leader, title="区长", valid_from=date(2025, 1, 20))
    other = Leader.objects.create(name="甄一明", protocol_order=1)
    LeaderTitle.objects.create(leader=other, title="区委书记")
    register_changed(note="测试")
    article = draft(chain, chain.town_liaison)
    result = panel(client, chain.town_liaison, article, summary="区委书记贾二华调研")
    assert result["blocks"] is True
    assert "领导职务错误" in result["html"]
    assert "区长贾二华" in result["html"]


def test_panel_shows_a_live_near_duplicate_with_a_link(client, chain):
    live = submit(
        draft(chain, chain.town_liaison, title="海秀街道开展主题党日", summary=NEWS),
        chain.town_liaison,
    )
    for who in TOWN_CHAIN:
        act(live, getattr(chain, who))
    assert live.live
    article = draft(chain, chain.town_liaison)
    copy = NEWS.replace("30余人", "31余人")
    result = panel(client, chain.town_liaison, article, title="海秀街道开展主题党日", summary=copy)
    assert result["blocks"] is False
    assert "疑似重复信息" in result["html"]
    assert reverse("wagtailadmin_pages:edit", args=(live.pk,)) in result["html"]
    other = panel(
        client, chain.town_liaison, article, title="区防汛会议", summary="部署防汛防风工作。"
    )
    assert "疑似重复信息" not in other["html"]


def test_panel_says_a_picture_is_being_read(client, chain, settings):
    settings.XIUYING = {**settings.XIUYING, "SCREENING_OCR": True}
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), "white").save(buffer, "PNG")
    image = Image.objects.create(title="横幅", file=ContentFile(buffer.getvalue(), name="a.png"))
    assert OcrText.objects.get().status == OcrText.Status.PENDING  # queued for the worker
    article = draft(chain, chain.town_liaison)
    result = panel(client, chain.town_liaison, article, cover_image=str(image.pk))
    assert result["reading"] is True
    assert "识别中" in result["html"]
    assert "封面图图片《横幅》：识别中" in result["html"]


def test_the_approval_form_lists_a_near_duplicate_for_the_approvers(chain):
    live = submit(
        draft(chain, chain.town_liaison, title="海秀街道开展主题党日", summary=NEWS),
        chain.town_liaison,
    )
    for who in TOWN_CHAIN:
        act(live, getattr(chain, who))
    copy = submit(
        draft(chain, chain.town_liaison, title="海秀街道开展主题党日（更新）", summary=NEWS),
        chain.town_liaison,
    )
    form = ApprovalForm.objects.get(article_page_id=copy.pk)
    assert form.screening_duplicates.startswith(
        f"《海秀街道开展主题党日》（已发布，编号{live.pk}，相似度"
    )
    assert ("疑似重复信息", form.screening_duplicates) in approval_sheet(form).header
    assert not copy.live and copy.workflow_in_progress  # shown, never blocking


def test_the_duplicate_note_is_searched_again_when_an_approver_edits_the_item(client, chain):
    from tests.workflows.test_editor_actions import act_in_editor

    live = submit(
        draft(chain, chain.town_liaison, title="海秀街道开展主题党日", summary=NEWS),
        chain.town_liaison,
    )
    for who in TOWN_CHAIN:
        act(live, getattr(chain, who))
    copy = submit(
        draft(chain, chain.dept_liaison, title="海秀街道开展主题党日（更新）", summary=NEWS),
        chain.dept_liaison,
    )
    act(copy, chain.dept_liaison)
    form = ApprovalForm.objects.get(article_page_id=copy.pk)
    assert f"编号{live.pk}" in form.screening_duplicates  # kept through the steps without edits

    rewritten = "组织科召开支部书记例会，部署年终述职评议和党费收缴核查工作。"
    act_in_editor(client, copy, chain.proofreader1, summary=rewritten)
    copy.refresh_from_db()
    form.refresh_from_db()
    assert copy.get_latest_revision_as_object().summary == rewritten
    assert form.screening_duplicates == ""
