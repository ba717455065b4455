"""The overdue report "审批超时" under Reports (R-19, R-20): overdue steps with the accounts that
may act, and per-step working-time statistics over a date range.

Shown to 网站管理员, 网站专管员, 组织部长 and superusers (``queue.user_may_view_timeliness``).
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from workflows import queue
from workflows.models import STEP_CHOICES, ApprovalStep

INDEX_URL_NAME = "xiuying_overdue_report"
RESULTS_URL_NAME = "xiuying_overdue_report_results"


def _local_time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


class OverdueReportFilterSet(WagtailFilterSet):
    step = django_filters.ChoiceFilter(label="环节", choices=STEP_CHOICES, empty_label="全部环节")
    started_at = django_filters.DateFromToRangeFilter(
        label="开始日期", widget=DateRangePickerWidget
    )

    class Meta:
        model = ApprovalStep
        fields = ["step", "started_at"]


class OverdueReportView(ReportView):
    page_title = "审批超时"
    header_icon = "time"
    results_template_name = "workflows/queue/overdue_report_results.html"
    filterset_class = OverdueReportFilterSet
    index_url_name = INDEX_URL_NAME
    index_results_url_name = RESULTS_URL_NAME
    export_filename = "overdue-steps"
    columns = [
        TitleColumn("title", label="信息", get_url=lambda item: item.edit_url),
        Column("column", label="栏目"),
        Column("source_unit", label="来源单位"),
        Column("step_label", label="环节"),
        DateColumn("started_at", label="开始时间"),
        Column("elapsed_hours", label="已用（工作小时）"),
        Column("budget_hours", label="时限（工作小时）"),
        Column("overdue_hours", label="超时（工作小时）"),
        Column("holder_names", label="可办理人"),
    ]
    export_headings = {
        "title": "信息",
        "column": "栏目",
        "source_unit": "来源单位",
        "step_label": "环节",
        "started_at": "开始时间",
        "elapsed_hours": "已用（工作小时）",
        "budget_hours": "时限（工作小时）",
        "overdue_hours": "超时（工作小时）",
        "holder_names": "可办理人",
    }
    list_export = list(export_headings)
    custom_field_preprocess = {"started_at": {"csv": _local_time, "xlsx": _local_time}}

    def dispatch(self, request, *args, **kwargs):
        if not queue.user_may_view_timeliness(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return queue.overdue_steps(self.filter_queryset(queue.pending_steps()))

    def get_filtered_queryset(self):
        # The rows are computed (working time is not a column), so filtering happens on the
        # steps inside get_queryset.
        return self.get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decided = self.filter_queryset(queue.decided_steps())
        context["step_stats"] = queue.step_duration_stats(decided)
        return context


class OverdueReportMenuItem(MenuItem):
    def is_shown(self, request):
        return queue.user_may_view_timeliness(request.user)


def menu_item():
    return OverdueReportMenuItem(
        "审批超时", reverse(INDEX_URL_NAME), name="xiuying-overdue", icon_name="time", order=1150
    )


def admin_urls():
    return [
        path("reports/overdue-steps/", OverdueReportView.as_view(), name=INDEX_URL_NAME),
        path(
            "reports/overdue-steps/results/",
            OverdueReportView.as_view(results_only=True),
            name=RESULTS_URL_NAME,
        ),
    ]
