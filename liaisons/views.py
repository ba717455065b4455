"""Closing a year from the ranking report (POST only, 网站管理员), and the report files the
background worker builds."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from cms.core.office_time import office_today
from liaisons import report_files
from liaisons.closing import assessment_year_close
from liaisons.forms import ReportRequestForm

YEAR_CLOSED = "{year}年度考核结果已归档：此后该年度的报表按归档结果显示，计分办法不再修改。"


@require_POST
def close_year(request, year: int):
    try:
        assessment_year_close(user=request.user, year=year)
    except PermissionDenied:
        raise
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, YEAR_CLOSED.format(year=year))
    return redirect(reverse("xiuying_liaison_ranking") + f"?year={year}")


REPORT_QUEUED = "报表已提交后台生成，完成后出现在下面的列表中（刷新本页查看）。"


def report_files_view(request):
    """The report files the worker built, and the form that asks for another (GET and POST)."""
    form = ReportRequestForm(request.POST or None, initial={"year": office_today().year})
    if request.method == "POST" and form.is_valid():
        try:
            report_files.report_request(request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal.messages[0])
        else:
            messages.success(request, REPORT_QUEUED)
            return redirect("xiuying_report_files")
    context = {
        "form": form,
        "files": report_files.report_files(request.user),
        "page_title": "考核报表文件",
    }
    return TemplateResponse(request, "liaisons/report_files.html", context)


def report_file_download(request, name: str):
    try:
        opened = report_files.report_open(request.user, name)
    except ValidationError as missing:
        raise Http404(missing.messages[0]) from missing
    return FileResponse(opened, as_attachment=True, filename=name)
