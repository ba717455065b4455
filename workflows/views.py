"""Admin views over the chain's records and the takedown (R-10, R-11, R-18).

Each view checks who may, calls one selector or service, and renders; the rules live in
``workflows.exports`` and ``workflows.takedown``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from columns.models import ArticlePage
from columns.permissions import user_can_take_down
from workflows import exports
from workflows.models import ApprovalForm
from workflows.pdf import approval_form_pdf as render_pdf
from workflows.takedown import REASON_REQUIRED, TAKEDOWN_DENIED, article_take_down

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BAD_RANGE = _("日期范围无效，请使用 YYYY-MM-DD 格式。")
TAKEN_DOWN = _("《{title}》已下线，原因已记入信息发布日志。")


class ReleaseLogRangeForm(forms.Form):
    # The query string says ``from`` and ``to``; ``from`` is a Python keyword.
    date_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


class TakedownForm(forms.Form):
    reason = forms.CharField(
        label=_("下线原因"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": REASON_REQUIRED},
    )


def _viewable_form(user, pk) -> ApprovalForm:
    form = get_object_or_404(ApprovalForm, pk=pk)
    if not exports.user_may_view_form(user, form):
        raise PermissionDenied(exports.FORM_DENIED)
    return form


def approval_form_print(request, pk):
    form = _viewable_form(request.user, pk)
    context = {
        "sheet": exports.approval_sheet(form),
        "may_view_records": exports.user_may_view_records(request.user),
    }
    return TemplateResponse(request, "workflows/approval_form_print.html", context)


def approval_form_pdf(request, pk):
    form = _viewable_form(request.user, pk)
    response = HttpResponse(render_pdf(exports.approval_sheet(form)), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="approval-form-{form.pk}.pdf"'
    return response


def _release_log_entries(request):
    if not exports.user_may_view_records(request.user):
        raise PermissionDenied(exports.RECORDS_DENIED)
    data = {"date_from": request.GET.get("from"), "date_to": request.GET.get("to")}
    form = ReleaseLogRangeForm(data)
    if not form.is_valid():
        raise BadRequest(BAD_RANGE)
    return exports.release_log_in_range(**form.cleaned_data), _filename(form.cleaned_data)


def _filename(dates) -> str:
    parts = [d.strftime("%Y%m%d") for d in (dates["date_from"], dates["date_to"]) if d]
    return "-".join(["release-log", *parts])


def release_log_csv(request):
    entries, filename = _release_log_entries(request)
    rows = exports.release_log_csv(entries)
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def release_log_xlsx(request):
    entries, filename = _release_log_entries(request)
    response = HttpResponse(exports.release_log_xlsx(entries), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def takedown(request, page_id):
    if not user_can_take_down(request.user):
        raise PermissionDenied(TAKEDOWN_DENIED)
    article = get_object_or_404(ArticlePage, pk=page_id)
    # Wagtail's own unpublish view runs these hooks; the takedown stands in for it (a warning
    # about the live items linking here comes from one, in cms.compliance).
    for hook in hooks.get_hooks("before_unpublish_page"):
        if hasattr(result := hook(request, article), "status_code"):
            return result
    posted = request.method == "POST"
    form = TakedownForm(request.POST if posted else None)
    if posted and form.is_valid() and _took_down(request, article, form):
        messages.success(request, str(TAKEN_DOWN).format(title=article.title))
        return redirect("wagtailadmin_explore", article.get_parent().pk)
    context = {"article": article, "form": form, "page_title": _("下线信息")}
    return TemplateResponse(request, "workflows/takedown.html", context)


def _took_down(request, article, form) -> bool:
    try:
        article_take_down(user=request.user, article=article, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True
