"""The assessment reports as spreadsheets (R-25): Chinese headings, Asia/Shanghai times.

The admin's download buttons and ``manage.py assessment_report`` call the same functions, so a
script gets the very file a person downloads. Times are converted to office time and written
naive (a spreadsheet has no time zones); Wagtail's own export would write naive UTC.
"""

from datetime import datetime

from openpyxl.styles import PatternFill

from cms.core import spreadsheets
from cms.core.office_time import office_time
from cms.core.spreadsheets import MINUTES

YES, NO = "是", "否"
HIGHLIGHT_FILLS = {
    "top": PatternFill("solid", fgColor="E2F0D9"),
    "bottom": PatternFill("solid", fgColor="FDE9E9"),
}
# Cells of a highlighted row that get the colour: styling every cell costs openpyxl a style
# lookup each, and the 标注 column already says it in words.
HIGHLIGHT_CELLS = 3
HIGHLIGHT_LABELS = {"top": "前列", "bottom": "后列"}


def _percent(value):
    return None if value is None else f"{value}%"


COLUMN_TABLE = (
    ("责任科室", lambda r: r.department),
    ("栏目", lambda r: r.column),
    ("栏目类型", lambda r: r.column_kind),
    ("更新周期（天）", lambda r: r.interval_days),
    ("报送合计", lambda r: r.submitted),
    ("报送·文字", lambda r: r.submitted_text),
    ("报送·图片", lambda r: r.submitted_pictures),
    ("报送·视频", lambda r: r.submitted_video),
    ("报送·文件", lambda r: r.submitted_document),
    ("发布合计", lambda r: r.released),
    ("发布·文字", lambda r: r.released_text),
    ("发布·图片", lambda r: r.released_pictures),
    ("发布·视频", lambda r: r.released_video),
    ("发布·文件", lambda r: r.released_document),
    ("退回", lambda r: r.rejected),
    ("退回率", lambda r: _percent(r.rejection_rate)),
    ("最近更新（北京时间）", lambda r: r.last_update),
    ("超期天数", lambda r: r.days_overdue),
    ("空白栏目", lambda r: r.empty_columns if r.is_total else (YES if r.empty else NO)),
    ("超期栏目", lambda r: r.stale_columns),
    ("基础分", lambda r: r.base),
    ("信息得分", lambda r: r.items),
    ("超期扣分", lambda r: r.overdue_deduction),
    ("空白扣分", lambda r: r.empty_deduction),
    ("目标得分", lambda r: r.score),
)

LIAISON_TABLE = (
    ("名次", lambda r: r.rank),
    ("信息联络员", lambda r: r.name),
    ("单位", lambda r: r.unit),
    ("发布信息（条）", lambda r: r.released),
    ("数量得分", lambda r: r.quantity),
    ("已评定（条）", lambda r: r.graded),
    ("质量得分", lambda r: r.quality),
    ("上级采用（次）", lambda r: r.adoptions),
    ("采用得分", lambda r: r.adoption),
    ("领导批示（条）", lambda r: r.endorsements),
    ("批示得分", lambda r: r.endorsement),
    ("退回（条）", lambda r: r.rejected),
    ("迟报（条）", lambda r: r.late),
    ("任务缺口（条）", lambda r: r.quota_missing),
    ("扣分", lambda r: r.deductions),
    ("总分", lambda r: r.total),
    ("标注", lambda r: HIGHLIGHT_LABELS.get(r.highlight, "")),
)

FRESHNESS_TABLE = (
    ("栏目", lambda r: r.column),
    ("栏目类型", lambda r: r.column_kind),
    ("责任科室", lambda r: r.department),
    ("信息联络员", lambda r: r.liaisons),
    ("更新周期（天）", lambda r: r.interval_days),
    ("最近更新（北京时间）", lambda r: r.last_update),
    ("距今天数", lambda r: r.days_since),
    ("状态", lambda r: r.state),
)


def office_naive(value: datetime) -> datetime:
    return office_time(value).replace(tzinfo=None)


def table_values(table, rows) -> list[list]:
    """The cells of ``rows``: aware datetimes become naive office time."""
    return [
        [office_naive(v) if isinstance(v, datetime) else v for v in (get(r) for _, get in table)]
        for r in rows
    ]


def as_csv(table, rows) -> bytes:
    """UTF-8 with a BOM, so that Excel reads the Chinese; formulas defused."""
    lines = spreadsheets.csv_lines(_headings(table), table_values(table, rows), MINUTES)
    return "".join(lines).encode()


def as_xlsx(table, rows, *, title: str, highlight=None) -> bytes:
    """One sheet named ``title``; ``highlight(row)`` names a fill ("top", "bottom") for a row."""
    fills = [HIGHLIGHT_FILLS.get(highlight(row)) for row in rows] if highlight else None
    return spreadsheets.xlsx_bytes(
        title=title,
        headings=_headings(table),
        rows=table_values(table, rows),
        time=MINUTES,
        fills=fills,
        filled_cells=HIGHLIGHT_CELLS,
    )


def _headings(table):
    return [heading for heading, _get in table]


def column_assessment_file(assessment, fmt: str) -> bytes:
    rows = assessment.export_rows()
    if fmt == "csv":
        return as_csv(COLUMN_TABLE, rows)
    return as_xlsx(COLUMN_TABLE, rows, title=f"栏目考核{assessment.period.label}")


def liaison_ranking_file(ranking, fmt: str) -> bytes:
    if fmt == "csv":
        return as_csv(LIAISON_TABLE, ranking.rows)
    title = f"{ranking.year}年度信息联络员排名"
    return as_xlsx(LIAISON_TABLE, ranking.rows, title=title, highlight=lambda r: r.highlight)


def freshness_file(report, fmt: str) -> bytes:
    if fmt == "csv":
        return as_csv(FRESHNESS_TABLE, report.columns)
    return as_xlsx(FRESHNESS_TABLE, report.columns, title="栏目更新监测")
