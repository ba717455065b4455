"""manage.py compliance_report, the admin report and the dashboard panels."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from wagtail.models import Page

from cms.compliance import panels
from cms.compliance.models import Probe
from tests.cms.compliance.conftest import age, days
from tests.factories.pages import ColumnPageFactory
from tests.workflows.chain import released

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_site(chain, now, section):
    article = released(chain, title='=HYPERLINK("http://x")')
    age(article, now - days(20))
    for _n in range(5):
        ColumnPageFactory(parent=chain.column.get_parent(), responsible_department=section)
    return article


def test_command_exits_1_when_a_veto_rule_is_tripped_and_writes_xlsx(stale_site, tmp_path):
    out, target = StringIO(), tmp_path / "checkup.xlsx"
    with pytest.raises(CommandError) as refused:
        call_command("compliance_report", "--output", str(target), stdout=out)
    assert refused.value.returncode == 1
    # The blank columns; and the item, dated back by hand, is backdated. The home page counts as
    # updated: its last update is the release the release log recorded today (issue 17).
    assert "合规体检有 2 项单项否决指标已触发" in str(refused.value)
    assert "[已触发否决] 首页栏目不更新" not in out.getvalue()
    for title in ("空白栏目", "伪造发稿日期"):
        assert f"[已触发否决] {title}" in out.getvalue()
    rows = list(load_workbook(BytesIO(target.read_bytes())).active.values)
    assert rows[0][:3] == ("规则", "类别", "状态")
    assert ("空白栏目", "单项否决", "已触发否决") in [row[:3] for row in rows]


def test_csv_report_defuses_formulas(stale_site, tmp_path, now):
    Page.objects.filter(pk=stale_site.pk).update(first_published_at=now - days(40))
    target = tmp_path / "checkup.csv"
    with pytest.raises(CommandError):
        call_command("compliance_report", "--output", str(target), stdout=StringIO())
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeff规则,类别")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_command_exits_0_when_nothing_is_tripped(chain, now):
    released(chain)
    Probe.objects.create(url="http://site/", probed_at=now, ok=True)
    out = StringIO()
    call_command("compliance_report", stdout=out)
    assert "合规体检未通过" not in out.getvalue()


@pytest.mark.parametrize("role", ["site_specialist", "site_admin", "minister"])
def test_readers_open_the_report_and_download_it(client, make_user, section, stale_site, role):
    client.force_login(make_user(f"reader_{role}", role, unit=section))
    page = client.get("/admin/compliance/")
    assert page.status_code == 200
    assert "空白栏目（单项否决）：已触发否决" in page.content.decode()
    download = client.get("/admin/compliance/?format=xlsx")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(download.content)).active.title == "合规体检"


def test_a_liaison_may_not_open_the_report(client, chain, stale_site):
    client.force_login(chain.town_liaison)
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
    assert client.get("/admin/compliance/").status_code in (302, 403)
    assert client.get("/admin/compliance/?format=csv").status_code in (302, 403)


def test_dashboard_panels(rf, chain, stale_site, specialist):
    request = rf.get("/admin/")
    request.user = specialist
    found = []
    panels.homepage_panels_append(request, found)
    assert [type(p) for p in found] == [panels.CheckupPanel]
    html = found[0].render_html({"request": request})
    assert 'data-rule="blank" data-state="tripped"' in html
    request.user = chain.town_liaison  # drafted the (backdated) item: sees it, nothing else
    found = []
    panels.homepage_panels_append(request, found)
    assert [type(p) for p in found] == [panels.MyFindingsPanel]
    assert [(rule.code, item.subject) for rule, item in found[0].rows] == [
        ("backdating", stale_site.title)
    ]
    request.user = chain.proofreader1
    found = []
    panels.homepage_panels_append(request, found)
    assert found == []
