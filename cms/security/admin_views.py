"""The security audit in the admin (R-14, R-18): the export for inspectors and the read-only
register of security events, for 网站专管员 and superusers.

Each view checks who may, calls one selector and renders; the rows are built in
``cms.security.audit_export``. ``wagtail_hooks_audit`` registers all of it.
"""

import logging
from datetime import timedelta

from django import forms
from django.contrib.admin import display
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import AdminDateInput
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from cms.core.office_time import office_text, office_today
from cms.security import audit_export
from cms.security.audit_export import AUDIT_DENIED, user_may_audit
from cms.security.models import SecurityEvent

logger = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RANGE_REVERSED = _("起始日期不能晚于截止日期。")
DEFAULT_DAYS = 30


class AuditRangeForm(forms.Form):
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=AdminDateInput)
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=AdminDateInput)

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if start and end and start > end:
            raise ValidationError(RANGE_REVERSED)
        return cleaned_data


def _default_range() -> dict:
    today = office_today()
    return {"date_from": today - timedelta(days=DEFAULT_DAYS), "date_to": today}


def audit_export_view(request):
    if not user_may_audit(request.user):
        raise PermissionDenied(AUDIT_DENIED)
    wanted = request.GET.get("format")
    form = AuditRangeForm(request.GET if wanted else None, initial=_default_range())
    if wanted in ("csv", "xlsx") and form.is_valid():
        return _download(request, wanted, form.cleaned_data)
    context = {"form": form, "page_title": _("安全审计"), "header_icon": "warning"}
    return TemplateResponse(request, "security/audit/export.html", context)


def _download(request, wanted: str, dates: dict):
    logger.info("security audit exported as %s by %s: %s", wanted, request.user, dates)
    rows = audit_export.audit_rows(**dates)
    name = "-".join(["security-audit", *(d.strftime("%Y%m%d") for d in dates.values() if d)])
    if wanted == "csv":
        response = StreamingHttpResponse(audit_export.audit_csv(rows), "text/csv; charset=utf-8")
    else:
        response = HttpResponse(audit_export.audit_xlsx(rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{wanted}"'
    return response


urlpatterns = [path("audit/", audit_export_view, name="audit_export")]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_audit(request.user)


def audit_menu_item() -> MenuItem:
    url = reverse("xiuying_security:audit_export")
    return AuditMenuItem(_("安全审计"), url, icon_name="warning", order=910)


class SecurityEventPermissionHelper(PermissionHelper):
    """Append-only records: read by auditors, written only by ``security_event_record``."""

    def user_can_list(self, user):
        return user_may_audit(user)

    def user_can_inspect_obj(self, user, obj):
        return user_may_audit(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class SecurityEventInspectView(InspectView):
    def get_field_display_value(self, field_name, field=None):
        # The detail is the event's record as stored (keys are codes): shown as JSON, as code,
        # rather than as Python's rendering of a dict.
        if field_name == "detail" and self.instance.detail:
            return format_html("<code>{}</code>", audit_export.detail_text(self.instance.detail))
        return super().get_field_display_value(field_name, field)


class SecurityEventAdmin(ModelAdmin):
    model = SecurityEvent
    menu_label = _("安全事件")
    menu_icon = "list-ul"
    menu_order = 911
    base_url_path = "xiuying/security-events"
    permission_helper_class = SecurityEventPermissionHelper
    inspect_view_enabled = True
    inspect_view_class = SecurityEventInspectView
    history_view_enabled = False
    list_per_page = 50
    list_display = ("occurred", "kind", "username", "ip_address", "user_agent_short")
    list_filter = ("kind", "occurred_at")
    search_fields = ("username",)
    ordering = ("-occurred_at",)
    index_template_name = "security/audit/security_event_index.html"
    inspect_view_fields = ("kind", "occurred_at", "username", "ip_address", "user_agent", "detail")

    def get_permissions_for_registration(self):
        # Access follows the regulation's roles: no model permission to hand out in Groups.
        return Permission.objects.none()

    def register_indexing(self):
        pass

    @display(description=_("时间（北京时间）"), ordering="occurred_at")
    def occurred(self, obj):
        return office_text(obj.occurred_at, audit_export.EXPORT_TIME)

    @display(description=_("设备"))
    def user_agent_short(self, obj):
        return obj.user_agent[:60]
