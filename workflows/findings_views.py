"""The findings of rescreening on the dashboard of 网站专管员 and 网站管理员, their actions, and
the incident register with its export (R-18)."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.core.office_time import office_text, office_time
from cms.core.roles import RECORD_READERS
from cms.core.spreadsheets import formula_safe
from cms.core.viewsets import InspectView
from cms.screening.leader_views import REGISTER_VIEWSETS
from cms.screening.models import ScreeningFinding
from cms.screening.views import (
    NUMBER_COLUMN,
    LexiconVersionViewSet,
    LexiconViewSet,
    RolePermissionPolicy,
)
from cms.security.models import Incident
from columns.permissions import user_can_take_down
from workflows.findings import finding_dismiss, finding_take_down

TAKEN_DOWN = _("《{title}》已下线，事件记录第{number}号已建立。")
DISMISSED = _("已忽略{count}处复查发现。")
PANEL_LIMIT = 50

incident_policy = RolePermissionPolicy(Incident, roles_by_action={"view": RECORD_READERS})


class FindingsPanel(Component):
    """Open findings of rescreening on the dashboard of 网站专管员 and 网站管理员."""

    name = "xiuying_screening_findings"
    template_name = "workflows/findings_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        findings = ScreeningFinding.objects.filter(status=ScreeningFinding.Status.OPEN)
        total = findings.count()
        return {
            "heading": f"复查发现（{total}）",
            "findings": findings.select_related("article")[:PANEL_LIMIT] if total else (),
            "total": total,
        }


def add_findings_panel(request, panels):
    """``construct_homepage_panels``."""
    if user_can_take_down(request.user):
        panels.append(FindingsPanel())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}))


def _finding_action(request, pk, act):
    finding = get_object_or_404(ScreeningFinding, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        message = act(finding, reason)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, message)
    return redirect("wagtailadmin_home")


@require_POST
def finding_take_down_view(request, pk):
    def act(finding, reason):
        incident = finding_take_down(user=request.user, finding=finding, reason=reason)
        return str(TAKEN_DOWN).format(title=incident.article_title, number=incident.pk)

    return _finding_action(request, pk, act)


@require_POST
def finding_dismiss_view(request, pk):
    def act(finding, reason):
        return str(DISMISSED).format(
            count=finding_dismiss(user=request.user, finding=finding, reason=reason)
        )

    return _finding_action(request, pk, act)


# The incident register and its export (R-18) ----------------------------------------------


class IncidentIndexView(generic.IndexView):
    """Exports for the authorities: Chinese headings, office time (Asia/Shanghai), a BOM so
    that Excel reads the CSV as UTF-8, and no cell a spreadsheet would run as a formula."""

    custom_value_preprocess = {
        datetime: {
            generic.IndexView.FORMAT_CSV: office_text,
            generic.IndexView.FORMAT_XLSX: lambda v: office_time(v).replace(tzinfo=None),
        },
        str: {generic.IndexView.FORMAT_CSV: formula_safe},
    }

    def stream_csv(self, queryset):
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)


class IncidentViewSet(ModelViewSet):
    model = Incident
    name = "incidents"
    icon = "warning"
    menu_label = _("事件记录")
    form_fields = []
    list_display = [
        NUMBER_COLUMN,
        "kind",
        "article_title",
        "occurred_at",
        "opened_at",
        "opened_by_name",
    ]
    list_filter = ["kind"]
    list_export = [
        "pk",
        "get_kind_display",
        "occurred_at",
        "opened_at",
        "opened_by_name",
        "article_title",
        "article_page_id",
        "article_url",
        "summary",
        "actions_taken",
        "takedown_reason",
        "release_log_sequence",
    ]
    export_headings = {"pk": _("编号"), "get_kind_display": _("事件类型")}
    export_filename = "incidents"
    index_view_class = IncidentIndexView
    inspect_view_enabled = True
    inspect_view_class = InspectView
    copy_view_enabled = False


class ScreeningViewSetGroup(ViewSetGroup):
    menu_label = _("内容筛查")
    menu_icon = "warning"
    menu_order = 260
    items = (LexiconViewSet, LexiconVersionViewSet, *REGISTER_VIEWSETS, IncidentViewSet)


urlpatterns = [
    path("<int:pk>/take-down/", finding_take_down_view, name="take_down"),
    path("<int:pk>/dismiss/", finding_dismiss_view, name="dismiss"),
]
