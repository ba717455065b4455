"""The annual report (国办发〔2017〕47号: the yearly report of a government site's visits and
posts): items released per column and department, visits per column and item, the year's
compliance check-ups, takedowns and incidents, as one XLSX workbook through the project's
spreadsheet helpers (formula guard included)."""

from collections import Counter
from datetime import date

from django.db.models import Min
from django.utils import timezone

from cms.compliance import visit_stats
from cms.compliance.models import CheckupRecord
from cms.compliance.rules import AT_RISK, STATE_LABELS, TRIPPED
from cms.core.office_time import day_start
from cms.core.spreadsheets import MINUTES, xlsx_book_bytes
from cms.security.models import Incident
from columns.models import ArticlePage
from workflows.models import ReleaseLogEntry

VISIT_HEADINGS = ("页面", "栏目", "责任科室", "网站访问量", "小程序阅读量", "合计")


def _year_range(year: int):
    return day_start(date(year, 1, 1)), day_start(date(year + 1, 1, 1))


def releases_by_column(year: int) -> list[tuple]:
    """(column, department, items first released in the year, takedowns in the year)."""
    start, end = _year_range(year)
    first = (
        ReleaseLogEntry.objects.filter(kind=ReleaseLogEntry.Kind.RELEASE)
        .values("article_page_id")
        .annotate(first=Min("recorded_at"))
        .filter(first__gte=start, first__lt=end)
        .values_list("article_page_id", flat=True)
    )
    released = set(first)
    taken = ReleaseLogEntry.objects.filter(
        kind=ReleaseLogEntry.Kind.TAKEDOWN, recorded_at__gte=start, recorded_at__lt=end
    ).values_list("article_page_id", "column_title")
    logged_column = dict(
        ReleaseLogEntry.objects.filter(article_page_id__in=released).values_list(
            "article_page_id", "column_title"
        )
    )
    where = _columns_of(released | {pk for pk, _ in taken})
    counts: Counter = Counter()
    for pk in released:
        counts[(*where.get(pk, (logged_column.get(pk, ""), "")), "released")] += 1
    for pk, column in taken:
        counts[(*where.get(pk, (column, "")), "taken")] += 1
    keys = sorted({(c, d) for c, d, _ in counts}, key=lambda k: (k[1], k[0]))
    return [(c, d, counts[(c, d, "released")], counts[(c, d, "taken")]) for c, d in keys]


def _columns_of(page_ids) -> dict[int, tuple[str, str]]:
    """Per item still in the tree: its column's title and department (one query per level)."""
    from columns.models import ColumnPage

    items = dict(ArticlePage.objects.filter(pk__in=page_ids).values_list("pk", "path"))
    parents = {path[: -ArticlePage.steplen] for path in items.values()}
    columns = {
        row[0]: row[1:]
        for row in ColumnPage.objects.filter(path__in=parents).values_list(
            "path", "title", "responsible_department__name"
        )
    }
    return {pk: columns.get(path[: -ArticlePage.steplen], ("", "")) for pk, path in items.items()}


def checkups_of(year: int) -> list[tuple]:
    """Per rule: days recorded, days tripped, days at risk, the last state."""
    records = CheckupRecord.objects.filter(day__year=year).order_by("code", "day")
    by_rule: dict[str, list[CheckupRecord]] = {}
    for record in records:
        by_rule.setdefault(record.code, []).append(record)
    return [
        (
            rows[-1].title,
            "单项否决" if rows[-1].veto else "扣分项",
            len(rows),
            sum(r.state == TRIPPED for r in rows),
            sum(r.state == AT_RISK for r in rows),
            STATE_LABELS.get(rows[-1].state, rows[-1].state),
            rows[-1].day,
        )
        for rows in by_rule.values()
    ]


def annual_report_bytes(year: int) -> bytes:
    start, end = _year_range(year)
    pages = visit_stats.visits_by_page(start=date(year, 1, 1), end=date(year, 12, 31))
    columns = visit_stats.visits_by_column(pages)
    takedowns = ReleaseLogEntry.objects.filter(
        kind=ReleaseLogEntry.Kind.TAKEDOWN, recorded_at__gte=start, recorded_at__lt=end
    ).order_by("recorded_at")
    incidents = Incident.objects.filter(opened_at__gte=start, opened_at__lt=end).order_by(
        "opened_at"
    )
    return xlsx_book_bytes(
        [
            _sheet(
                f"{year}年发布统计",
                ("栏目", "责任科室", "发布信息数", "下线信息数"),
                releases_by_column(year),
                (30, 20, 12, 12),
            ),
            _sheet("访问量（栏目）", VISIT_HEADINGS, [_visits(r) for r in columns], (30,) * 3),
            _sheet("访问量（信息）", VISIT_HEADINGS, [_visits(r) for r in pages], (40, 30, 20)),
            _sheet(
                "合规体检",
                ("指标", "类别", "检查天数", "否决天数", "临近否决天数", "最后状态", "最后检查"),
                checkups_of(year),
                (24, 10, 10, 10, 12, 14, 12),
            ),
            _sheet(
                "下线记录",
                ("时间", "信息", "栏目", "操作人", "原因"),
                [
                    (_local(t.recorded_at), t.article_title, t.column_title, t.actor_name, t.reason)
                    for t in takedowns
                ],
                (18, 40, 20, 12, 50),
            ),
            _sheet(
                "事件记录",
                ("记录时间", "事件类型", "涉及信息", "事件经过", "处置措施", "处置人"),
                [
                    (
                        _local(i.opened_at),
                        i.get_kind_display(),
                        i.article_title,
                        i.summary,
                        i.actions_taken,
                        i.opened_by_name,
                    )
                    for i in incidents
                ],
                (18, 12, 30, 50, 50, 12),
            ),
        ]
    )


def _visits(row: visit_stats.VisitRow) -> tuple:
    return (row.title, row.column, row.department, row.web, row.api, row.total)


def _sheet(title, headings, rows, widths) -> dict:
    return {"title": title, "headings": headings, "rows": rows, "widths": widths, "time": MINUTES}


def _local(value):
    """Office time without its zone: spreadsheets hold no time zones."""
    return timezone.localtime(value).replace(tzinfo=None)
