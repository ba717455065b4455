"""网站专管员 export security events and Wagtail's audit log of content actions together, for a
date range, in Beijing time, as CSV or XLSX (R-14, R-18); nobody else may."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from cms.security.admin_views import audit_menu_item
from cms.security.audit_export import audit_rows
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent
from tests.cms.security.audit.test_retention import backdate

pytestmark = pytest.mark.django_db

EXPORT_URL = "/admin/xiuying/security/audit/"
REGISTER_URL = "/admin/xiuying/security-events/"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def auditor(client, specialist):
    client.force_login(specialist)
    return client


@pytest.fixture
def records(news_column, site_admin):
    event = security_event_record(
        SecurityEvent.Kind.VIRUS_FOUND, username="site_admin", filename="eicar.txt"
    )
    entry = PageLogEntry.objects.log_action(news_column, "wagtail.edit", user=site_admin)
    return event, entry


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_export_combines_security_events_and_content_actions_in_beijing_time(auditor, records):
    event, entry = records

    rows = csv_rows(auditor.get(EXPORT_URL, {"format": "csv"}))

    assert rows[0][:3] == ["时间（北京时间）", "来源", "类型"]
    by_source = {row[1]: row for row in rows[1:]}
    virus = by_source["安全事件"]
    assert virus[0] == event.occurred_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    assert virus[2] == "发现病毒"
    assert virus[3] == "site_admin"
    assert '"filename": "eicar.txt"' in virus[7]
    page = by_source["页面操作"]
    assert page[3] == "site_admin"
    assert "工作动态" in page[6]


def test_cells_that_would_be_formulas_are_neutralised(auditor):
    security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, username="=cmd|' /C calc'!A0")

    rows = csv_rows(auditor.get(EXPORT_URL, {"format": "csv"}))

    assert "'=cmd|' /C calc'!A0" in {row[3] for row in rows}


def test_export_keeps_to_the_date_range(auditor, records):
    event, _entry = records
    old = security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, username="long-ago")
    backdate(old, 40)
    today = datetime.now(SHANGHAI).date()

    recent = csv_rows(auditor.get(EXPORT_URL, {"format": "csv", "date_from": str(today)}))
    everything = csv_rows(auditor.get(EXPORT_URL, {"format": "csv"}))

    assert "long-ago" not in {row[3] for row in recent}
    assert "long-ago" in {row[3] for row in everything}


def test_rows_come_oldest_first_across_sources(records):
    old = security_event_record(SecurityEvent.Kind.LOGIN_SUCCESS, username="first")
    backdate(old, 1)

    rows = list(audit_rows())

    assert rows[0].account == "first"
    assert [row.at for row in rows] == sorted(row.at for row in rows)


def test_export_as_xlsx(auditor, records):
    response = auditor.get(EXPORT_URL, {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert values[0][0] == "时间（北京时间）"
    assert {row[1] for row in values[1:]} == {"安全事件", "页面操作"}
    assert isinstance(values[1][0], datetime)


def test_reversed_range_is_refused(auditor):
    today = datetime.now(SHANGHAI).date()
    response = auditor.get(
        EXPORT_URL,
        {"format": "csv", "date_from": str(today), "date_to": str(today - timedelta(days=1))},
    )

    assert response.status_code == 200
    assert "起始日期不能晚于截止日期。" in response.content.decode()


def test_site_administrator_may_not_export_or_list(client, site_admin):
    client.force_login(site_admin)

    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
    assert client.get(EXPORT_URL, {"format": "csv"}).status_code in (302, 403)
    assert client.get(REGISTER_URL).status_code in (302, 403)
    request = RequestFactory().get("/")
    request.user = site_admin
    assert not audit_menu_item().is_shown(request)


def test_specialist_sees_the_menu_item_and_the_register(auditor, specialist, records):
    request = RequestFactory().get("/")
    request.user = specialist
    register = auditor.get(REGISTER_URL)

    assert audit_menu_item().is_shown(request)
    assert audit_menu_item().label == "安全审计"
    assert register.status_code == 200
    assert "site_admin" in register.content.decode()


def test_register_is_read_only(auditor, records):
    event, _entry = records

    assert auditor.get(f"{REGISTER_URL}create/").status_code in (302, 403)
    assert auditor.get(f"{REGISTER_URL}edit/{event.pk}/").status_code in (302, 403)
    assert auditor.get(f"{REGISTER_URL}delete/{event.pk}/").status_code in (302, 403)
    assert auditor.get(f"{REGISTER_URL}inspect/{event.pk}/").status_code == 200
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_register_filters_by_kind(auditor, records):
    security_event_record(SecurityEvent.Kind.LOCKOUT, username="locked-person")

    page = auditor.get(REGISTER_URL, {"kind": "lockout"}).content.decode()

    assert "locked-person" in page
    assert "发现病毒" not in page.split("<tbody")[-1]
