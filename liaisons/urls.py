"""Admin URLs and Reports menu items of the assessment (registered by ``wagtail_hooks``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from liaisons import reports, views
from liaisons.selectors import user_may_view_assessment

REPORTS = (
    ("column-assessment", reports.ColumnAssessmentReportView, "xiuying_column_assessment"),
    ("liaison-ranking", reports.LiaisonRankingReportView, "xiuying_liaison_ranking"),
    ("column-freshness", reports.FreshnessReportView, "xiuying_column_freshness"),
)
MENU = (
    (_("栏目考核"), "xiuying_column_assessment", "tasks", 1160),
    (_("信息联络员排名"), "xiuying_liaison_ranking", "list-ol", 1170),
    (_("栏目更新监测"), "xiuying_column_freshness", "time", 1180),
    (_("考核报表文件"), "xiuying_report_files", "download", 1190),
)


def admin_urls():
    urls = [
        path("liaisons/close-year/<int:year>/", views.close_year, name="xiuying_close_year"),
        path("reports/files/", views.report_files_view, name="xiuying_report_files"),
        path(
            "reports/files/<str:name>",
            views.report_file_download,
            name="xiuying_report_file_download",
        ),
    ]
    for slug, view, name in REPORTS:
        urls += [
            path(f"reports/{slug}/", view.as_view(), name=name),
            path(
                f"reports/{slug}/results/",
                view.as_view(results_only=True),
                name=f"{name}_results",
            ),
        ]
    return urls


class AssessmentMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_view_assessment(request.user)


def _menu_item(label, name, icon, order):
    def make():
        return AssessmentMenuItem(
            label, reverse(name), name=name.replace("_", "-"), icon_name=icon, order=order
        )

    return make


# One function per item: ``register_reports_menu_item`` takes one item per hook.
MENU_ITEMS = tuple(_menu_item(*spec) for spec in MENU)
