"""The 合规体检 report in the admin, on screen and as XLSX or CSV (its readers only)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse

from cms.compliance.checkup import compliance_checkup
from cms.compliance.exports import OVERALL, checkup_file
from cms.compliance.permissions import CHECKUP_DENIED, user_may_view_checkup

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
