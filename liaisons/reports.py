"""The assessment reports under Reports (R-20, R-21, R-22, R-25): column assessment, liaison
ranking and the freshness watch, each with filters, a bar chart and XLSX/CSV downloads.

The rows are computed (``column_assessment``, ``ranking``, ``freshness``), so the filters pick
the period and scope instead of filtering a queryset, and the downloads are the files of
``liaisons.exports``, the same ``manage.py assessment_report`` writes. Shown to 网站管理员,
组织部长, 网站专管员 and superusers.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.reports import ReportView

from cms.core.conf import get_setting
from cms.core.models import Unit, UnitKind
from cms.core.office_time import office_day, office_today
from columns.models import ColumnPage
from liaisons import charts, exports, freshness, scoring, selectors
from liaisons.column_assessment import column_assessment
from liaisons.models import Liaison
from liaisons.periods import QUARTER_NAMES, period_of
from liaisons.ranking import liaison_ranking

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
CHART_BARS = 15


def year_choices():
    last = office_today().year
    first = min(get_setting("ASSESSMENT_FIRST_YEAR"), last)
    return [(year, f"{year}年") for year in range(last, first - 1, -1)]


class YearFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("年度"), choices=year_choices, empty_label=_("本年度"), method="keep"
    )

    def keep(self, queryset, name, value):
        # The rows are computed from the chosen period, not filtered from a queryset.
        return queryset

    def value(self, name):
        return self.form.cleaned_data.get(name) if self.is_valid() else None

    @property
    def chosen_year(self) -> int:
        return int(self.value("year") or office_today().year)


def _sections(request):
    return Unit.objects.filter(kind=UnitKind.SECTION)


class ColumnAssessmentFilterSet(YearFilterSet):
    quarter = django_filters.ChoiceFilter(
        label=_("季度"), choices=list(QUARTER_NAMES.items()), empty_label=_("全年"), method="keep"
    )
    month = django_filters.ChoiceFilter(
        label=_("月份（选了季度则不用）"),
        choices=[(m, f"{m}月") for m in range(1, 13)],
        empty_label=_("全年"),
        method="keep",
    )
    department = django_filters.ModelChoiceFilter(
        label=_("责任科室"), queryset=_sections, empty_label=_("全部科室"), method="keep"
    )

    class Meta:
        model = ColumnPage
        fields = []


class LiaisonRankingFilterSet(YearFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("单位"), queryset=Unit.objects.all(), empty_label=_("全部单位"), method="keep"
    )

    class Meta:
        model = Liaison
        fields = []


class HighlightTable(Table):
    def get_row_classname(self, instance):
        if getattr(instance, "is_total", False):
            return "xiuying-total"
        highlight = getattr(instance, "highlight", "")
        return f"xiuying-{highlight}" if highlight else ""


class AssessmentReportView(ReportView):
    """What the three reports share: who sees them, computed rows, our own spreadsheets."""

    header_icon = "tasks"
    table_class = HighlightTable
    list_export = ["rows"]  # any value: Wagtail shows the download buttons when set

    def dispatch(self, request, *args, **kwargs):
        if not selectors.user_may_view_assessment(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return list(self.rows())

    def get_filtered_queryset(self):
        return self.get_queryset()

    def as_spreadsheet(self, queryset, spreadsheet_format):
        fmt = "csv" if spreadsheet_format == "csv" else "xlsx"
        response = HttpResponse(self.spreadsheet(fmt), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.{fmt}"'
        return response


class ColumnAssessmentReportView(AssessmentReportView):
    page_title = _("栏目考核")
    results_template_name = "liaisons/reports/column_assessment_results.html"
    filterset_class = ColumnAssessmentFilterSet
    index_url_name = "xiuying_column_assessment"
    index_results_url_name = "xiuying_column_assessment_results"
    paginate_by = None
    columns = [
        Column("department", label=_("责任科室")),
        Column("column", label=_("栏目")),
        Column("submitted_forms", label=_("报送（文字/图片/视频/文件）")),
        Column("released_forms", label=_("发布（文字/图片/视频/文件）")),
        Column("rejected", label=_("退回")),
        Column("rate", label=_("退回率")),
        Column("last_update_day", label=_("最近更新")),
        Column("overdue_text", label=_("超期天数")),
        Column("score", label=_("目标得分")),
    ]

    @cached_property
    def assessment(self):
        chosen = self.filters
        quarter = int(chosen.value("quarter") or 0)
        month = 0 if quarter else int(chosen.value("month") or 0)
        period = period_of(year=chosen.chosen_year, quarter=quarter, month=month)
        department = chosen.value("department")
        return column_assessment(period=period, department_id=department and department.pk)

    def rows(self):
        return [ColumnDisplay(row) for row in self.assessment.rows]

    def get_filename(self):
        return f"column-assessment-{self.assessment.period.slug}"

    def spreadsheet(self, fmt):
        return exports.column_assessment_file(self.assessment, fmt)

    def get_context_data(self, **kwargs):
        totals = self.assessment.departments
        items = [(t.department, t.score, "") for t in totals]
        chart = charts.bar_chart(items, title="各责任科室目标得分")
        departments = [ColumnDisplay(t) for t in totals]
        return super().get_context_data(
            assessment=self.assessment, departments=departments, chart=chart, **kwargs
        )


class ColumnDisplay:
    """A column row with the texts the admin table shows."""

    def __init__(self, row):
        self.row = row

    def __getattr__(self, name):
        return getattr(self.row, name)

    @property
    def submitted_forms(self):
        return self._forms("submitted")

    @property
    def released_forms(self):
        return self._forms("released")

    def _forms(self, kind):
        counts = [getattr(self.row, f"{kind}_{form}") for form in scoring.FORMS]
        return f"{sum(counts)}（{'/'.join(map(str, counts))}）"

    @property
    def rate(self):
        rate = self.row.rejection_rate
        return "—" if rate is None else f"{rate}%"

    @property
    def last_update_day(self):
        when = self.row.last_update
        return office_day(when).isoformat() if when else "—"

    @property
    def overdue_text(self):
        if self.row.is_total:
            return f"空白{self.row.empty_columns}、超期{self.row.stale_columns}"
        if self.row.empty:
            return "空白栏目"
        return self.row.days_overdue or 0


class LiaisonRankingReportView(AssessmentReportView):
    page_title = _("信息联络员排名")
    results_template_name = "liaisons/reports/liaison_ranking_results.html"
    filterset_class = LiaisonRankingFilterSet
    index_url_name = "xiuying_liaison_ranking"
    index_results_url_name = "xiuying_liaison_ranking_results"
    paginate_by = 100
    columns = [
        Column("rank", label=_("名次")),
        Column("name", label=_("信息联络员")),
        Column("unit", label=_("单位")),
        Column("released", label=_("发布（条）")),
        Column("quantity", label=_("数量分")),
        Column("quality", label=_("质量分")),
        Column("adoption", label=_("采用分")),
        Column("endorsement", label=_("批示分")),
        Column("deductions", label=_("扣分")),
        Column("total", label=_("总分")),
    ]

    @cached_property
    def ranking(self):
        unit = self.filters.value("unit")
        return liaison_ranking(year=self.filters.chosen_year, unit_id=unit and unit.pk)

    def rows(self):
        return self.ranking.rows

    def get_filename(self):
        return f"liaison-ranking-{self.ranking.year}"

    def spreadsheet(self, fmt):
        return exports.liaison_ranking_file(self.ranking, fmt)

    def get_context_data(self, **kwargs):
        items = [(f"{r.rank}. {r.name}", r.total, r.highlight) for r in self.ranking.rows]
        chart = charts.bar_chart(items[:CHART_BARS], title=f"前{CHART_BARS}名总分")
        may_close = selectors.user_may_assess(self.request.user) and not self.ranking.closed
        year_over = self.ranking.year < office_today().year
        return super().get_context_data(
            ranking=self.ranking,
            chart=chart,
            may_close=may_close and year_over,
            highlight_count=get_setting("ASSESSMENT_HIGHLIGHT_COUNT"),
            **kwargs,
        )


class FreshnessReportView(AssessmentReportView):
    page_title = _("栏目更新监测")
    results_template_name = "liaisons/reports/freshness_results.html"
    index_url_name = "xiuying_column_freshness"
    index_results_url_name = "xiuying_column_freshness_results"
    paginate_by = None
    export_filename = "column-freshness"
    columns = [
        Column("column", label=_("栏目")),
        Column("column_kind", label=_("类型")),
        Column("department", label=_("责任科室")),
        Column("liaisons", label=_("信息联络员")),
        Column("interval_days", label=_("更新周期（天）")),
        Column("days_since", label=_("距上次更新（天）")),
        Column("state", label=_("状态")),
    ]

    @cached_property
    def report(self):
        return freshness.freshness()

    def rows(self):
        return self.report.columns

    def spreadsheet(self, fmt):
        return exports.freshness_file(self.report, fmt)

    def get_context_data(self, **kwargs):
        items = [(r.column, r.days_overdue, "") for r in self.report.columns if not r.empty]
        chart = charts.bar_chart(items[:CHART_BARS], title="超期天数")
        return super().get_context_data(report=self.report, chart=chart, **kwargs)
