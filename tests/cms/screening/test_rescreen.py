"""Watching live content (R-18): rescreening after a lexicon change and nightly, the findings
panel, takedown at once with a reason and an incident record, dismissal, and the export."""

import csv
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from cms.screening.engine import EntryKind
from cms.screening.models import ScreeningFinding
from cms.screening.tasks import rescreen_live
from cms.security.models import Incident
from tests.workflows.chain import act, draft, submit
from workflows.findings import (
    DISMISS_REASON_REQUIRED,
    FINDING_DENIED,
    finding_dismiss,
    finding_take_down,
)
from workflows.models import ReleaseLogEntry
from workflows.takedown import REASON_REQUIRED

pytestmark = pytest.mark.django_db

TOWN_CHAIN = ("town_liaison", "unit_approver", "proofreader1", "proofreader2", "site_admin")


def release(chain, **fields):
    article = submit(draft(chain, chain.town_liaison, **fields), chain.town_liaison)
    for who in TOWN_CHAIN:
        act(article, getattr(chain, who))
    assert article.live
    return article


@pytest.fixture
def finding(chain, lexicon):
    article = release(chain, title="某地新出现的说法", summary="说法一")
    lexicon.add(EntryKind.FORBIDDEN, "新出现的说法", category="other_unlawful")
    rescreen_live()
    return ScreeningFinding.objects.get(article_page_id=article.pk)


def test_rescreen_records_a_new_hit_on_live_content_once(chain, lexicon):
    article = release(chain, summary="推进依法治国")
    assert rescreen_live().new_findings == 0
    lexicon.add(EntryKind.FORBIDDEN, "依法治国", category="other_unlawful")
    first = rescreen_live()
    assert (first.scanned, first.new_findings) == (1, 1)
    assert rescreen_live().new_findings == 0
    found = ScreeningFinding.objects.get()
    assert (found.article_id, found.revision_id, found.field) == (
        article.pk,
        article.live_revision_id,
        "摘要",
    )
    assert found.status == ScreeningFinding.Status.OPEN


def test_drafts_are_not_rescreened(chain, lexicon):
    draft(chain, chain.town_liaison, summary="依法治国")
    lexicon.add(EntryKind.FORBIDDEN, "依法治国", category="other_unlawful")
    assert rescreen_live().scanned == 0


def test_a_lexicon_change_starts_the_rescreen(chain, lexicon, django_capture_on_commit_callbacks):
    release(chain, summary="依法治国")
    with django_capture_on_commit_callbacks(execute=True):
        lexicon.add(EntryKind.FORBIDDEN, "依法治国", category="other_unlawful")
    assert ScreeningFinding.objects.count() == 1


def test_rescreen_command_prints_its_figures(chain, lexicon):
    release(chain, summary="依法治国")
    lexicon.add(EntryKind.FORBIDDEN, "依法治国", category="other_unlawful")
    out, err = io.StringIO(), io.StringIO()
    call_command("rescreen", stdout=out, stderr=err)
    assert "Rescreened 1 live items: 1 new findings." in out.getvalue()
    assert "复查已发布信息" in err.getvalue()


def test_specialist_takes_the_item_down_and_an_incident_is_opened(finding, specialist):
    incident = finding_take_down(user=specialist, finding=finding, reason="含违法内容，立即下线")
    finding.refresh_from_db()
    assert not finding.article.live
    assert finding.status == ScreeningFinding.Status.TAKEN_DOWN
    assert finding.incident == incident
    entry = ReleaseLogEntry.objects.get(kind=ReleaseLogEntry.Kind.TAKEDOWN)
    assert entry.reason == "含违法内容，立即下线"
    assert incident.release_log_sequence == entry.sequence
    assert incident.opened_by == specialist
    assert "《某地新出现的说法》" in incident.summary
    assert "下线原因：含违法内容，立即下线" in incident.actions_taken


def test_takedown_needs_a_reason(finding, specialist):
    with pytest.raises(ValidationError, match=REASON_REQUIRED):
        finding_take_down(user=specialist, finding=finding, reason="  ")
    assert finding.article.live
    assert not Incident.objects.exists()


@pytest.mark.parametrize("who", ["town_liaison", "minister", "proofreader1"])
def test_only_the_specialist_and_the_site_administrator_handle_findings(finding, chain, who):
    with pytest.raises(PermissionDenied, match=FINDING_DENIED):
        finding_take_down(user=getattr(chain, who), finding=finding, reason="理由")
    with pytest.raises(PermissionDenied, match=FINDING_DENIED):
        finding_dismiss(user=getattr(chain, who), finding=finding, reason="理由")


def test_dismissing_needs_a_reason_and_keeps_the_item_live(finding, specialist):
    with pytest.raises(ValidationError, match=DISMISS_REASON_REQUIRED):
        finding_dismiss(user=specialist, finding=finding, reason="")
    assert finding_dismiss(user=specialist, finding=finding, reason="人名，不是禁用词") == 1
    finding.refresh_from_db()
    assert finding.status == ScreeningFinding.Status.DISMISSED
    assert finding.article.live


def test_dashboard_panel_shows_findings_to_the_specialist_only(client, finding, specialist, chain):
    client.force_login(specialist)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "复查发现（1）" in page
    assert reverse("xiuying_findings:take_down", args=(finding.pk,)) in page
    client.force_login(chain.town_liaison)
    assert "复查发现" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_takedown_from_the_dashboard(client, finding, specialist):
    client.force_login(specialist)
    url = reverse("xiuying_findings:take_down", args=(finding.pk,))
    response = client.post(url, {"reason": "违法内容"}, follow=True)
    assert "已下线，事件记录第" in response.content.decode()
    finding.refresh_from_db()
    assert not finding.article.live


def test_takedown_without_reason_from_the_dashboard_is_refused(client, finding, specialist):
    client.force_login(specialist)
    url = reverse("xiuying_findings:take_down", args=(finding.pk,))
    response = client.post(url, {"reason": ""}, follow=True)
    assert REASON_REQUIRED in response.content.decode()
    finding.refresh_from_db()
    assert finding.article.live


def test_incidents_export_with_chinese_headings_in_office_time(client, finding, specialist):
    incident = finding_take_down(user=specialist, finding=finding, reason='=HYPERLINK("x")')
    client.force_login(specialist)
    url = reverse("incidents:index")
    response = client.get(url, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["编号", "事件类型", "发现时间", "记录时间"]
    local = incident.opened_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert rows[1][3] == local.strftime("%Y-%m-%d %H:%M:%S")
    assert rows[1][rows[0].index("下线原因")] == '\'=HYPERLINK("x")'
    sheet = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).getvalue())).active
    assert sheet["B2"].value == "有害信息"
    opened = sheet["D2"].value.replace(microsecond=0)
    assert opened == local.replace(tzinfo=None, microsecond=0)


def test_incident_register_is_for_the_record_keepers(client, finding, specialist, chain):
    finding_take_down(user=specialist, finding=finding, reason="违法内容")
    client.force_login(chain.minister)
    assert client.get(reverse("incidents:index")).status_code == 200
    client.force_login(chain.town_liaison)
    assert client.get(reverse("incidents:index")).status_code in (302, 403)
