"""The spreadsheets of the reports (R-25): Chinese headings, Asia/Shanghai times, the same
file from the admin and from ``manage.py assessment_report``."""

import csv
import io
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook

from liaisons import exports
from liaisons.column_assessment import column_assessment
from liaisons.periods import period_of
from liaisons.ranking import liaison_ranking
from tests.liaisons import dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(home):
    return dataset.build(home)


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_column_assessment_csv_has_chinese_headings_and_office_times(data):
    assessment = column_assessment(period=period_of(year=2026, quarter=2), today=dataset.TODAY)
    rows = csv_rows(exports.column_assessment_file(assessment, "csv"))
    heading = rows[0]
    assert heading[:4] == ["责任科室", "栏目", "栏目类型", "更新周期（天）"]
    assert heading[-1] == "目标得分"
    news = dict(zip(heading, next(r for r in rows if r[1] == "工作动态"), strict=True))
    # Released 26 June 2026 at 10:00 in Haikou, 02:00 UTC in the database.
    assert news["最近更新（北京时间）"] == "2026-06-26 10:00"
    assert (news["报送合计"], news["发布·图片"], news["退回率"]) == ("2", "1", "0.00%")
    assert (news["空白栏目"], news["目标得分"]) == ("否", "15.00")
    org_total = next(r for r in rows if r[0] == "组织科" and r[1] == "部门合计")
    total = dict(zip(heading, org_total, strict=True))
    assert (total["报送合计"], total["目标得分"], total["空白栏目"]) == ("3", "26.00", "0")


def test_column_assessment_xlsx_writes_naive_office_time(data):
    assessment = column_assessment(period=period_of(year=2026, quarter=2), today=dataset.TODAY)
    sheet = load_workbook(io.BytesIO(exports.column_assessment_file(assessment, "xlsx"))).active
    assert sheet.title == "栏目考核2026年第二季度"
    values = list(sheet.values)
    heading = values[0]
    news = dict(zip(heading, next(row for row in values if row[1] == "工作动态"), strict=True))
    assert news["最近更新（北京时间）"] == datetime(2026, 6, 26, 10, 0)
    assert news["目标得分"] == 15


@override_settings(XIUYING={"ASSESSMENT_HIGHLIGHT_COUNT": 1})
def test_liaison_ranking_xlsx_marks_top_and_bottom(data):
    ranking = liaison_ranking(year=2026, today=dataset.TODAY)
    sheet = load_workbook(io.BytesIO(exports.liaison_ranking_file(ranking, "xlsx"))).active
    values = list(sheet.values)
    assert values[0][:3] == ("名次", "信息联络员", "单位")
    assert [row[:3] + row[-2:] for row in values[1:]] == [
        (1, "甲", "长流镇", 66, "前列"),
        (2, "乙", "西秀镇", -5, None),
        (3, "丙", "组织科", -8, "后列"),
    ]
    assert sheet.cell(row=2, column=1).fill.fgColor.rgb.endswith("E2F0D9")


def test_csv_defuses_formulas_in_titles():
    row = type("Row", (), {"column": "=HYPERLINK(1)"})()
    content = exports.as_csv((("栏目", lambda r: r.column),), [row])
    assert csv_rows(content)[1] == ["'=HYPERLINK(1)"]


def test_command_writes_the_same_file_as_the_admin(data, tmp_path, client, site_admin):
    output = tmp_path / "ranking.csv"
    call_command(
        "assessment_report", "--year", "2026", "--kind", "liaisons", "--format", "csv",
        "--output", str(output), stdout=StringIO(),
    )  # fmt: skip
    client.force_login(site_admin)
    response = client.get("/admin/reports/liaison-ranking/?year=2026&export=csv")
    assert response["Content-Disposition"] == 'attachment; filename="liaison-ranking-2026.csv"'
    assert response.content == output.read_bytes()
    assert csv_rows(output.read_bytes())[0][:2] == ["名次", "信息联络员"]


def test_command_exports_a_quarter_of_the_column_assessment(data, tmp_path):
    output = tmp_path / "columns.xlsx"
    call_command(
        "assessment_report", "--year", "2026", "--kind", "columns", "--quarter", "2",
        "--output", str(output), stdout=StringIO(),
    )  # fmt: skip
    assert load_workbook(output).active.title == "栏目考核2026年第二季度"
