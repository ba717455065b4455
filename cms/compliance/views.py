"""The 合规体检 report and the visit statistics in the admin, on screen and as spreadsheets
(their readers only: 网站专管员, 网站管理员, 组织部长)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from cms.compliance import visit_stats
from cms.compliance.annual import annual_report_bytes
from cms.compliance.checkup import compliance_checkup
from cms.compliance.exports import OVERALL, checkup_file
from cms.compliance.permissions import CHECKUP_DENIED, user_may_view_checkup
from cms.compliance.visits import visits_flush
from cms.core.conf import get_setting

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def checkup_view(request):
    if not user_may_view_checkup(request.user):
        raise PermissionDenied(CHECKUP_DENIED)
    checkup = compliance_checkup()
    fmt = request.GET.get("format")
    if fmt in CONTENT_TYPES:
        response = HttpResponse(checkup_file(checkup, fmt), content_type=CONTENT_TYPES[fmt])
        stamp = f"{checkup.checked_at:%Y%m%d}"
        response["Content-Disposition"] = f'attachment; filename="compliance-{stamp}.{fmt}"'
        return response
    context = {"checkup": checkup, "overall": OVERALL[checkup.state], "page_title": "合规体检"}
    return TemplateResponse(request, "compliance/checkup.html", context)


VISIT_ITEMS_SHOWN = 50


def visits_view(request):
    """访问统计: visits per column and the most read items of a year; the annual report."""
    if not user_may_view_checkup(request.user):
        raise PermissionDenied(CHECKUP_DENIED)
    year = _year(request.GET.get("year"))
    visits_flush()  # what the cache still holds, so that the figures are current
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(annual_report_bytes(year), content_type=CONTENT_TYPES["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.xlsx"'
        return response
    pages = visit_stats.visits_by_page(start=date(year, 1, 1), end=date(year, 12, 31))
    context = {
        "page_title": "访问统计",
        "year": year,
        "years": range(timezone.localdate().year, get_setting("ASSESSMENT_FIRST_YEAR") - 1, -1),
        "columns": visit_stats.visits_by_column(pages),
        "pages": pages[:VISIT_ITEMS_SHOWN],
        "total": sum(row.total for row in pages),
    }
    return TemplateResponse(request, "compliance/visits.html", context)


def _year(value) -> int:
    this_year = timezone.localdate().year
    return int(value) if str(value).isdigit() and 2000 <= int(value) <= this_year else this_year
