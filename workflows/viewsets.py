"""Read-only admin registers of the chain's records (R-10, R-11) and the page buttons to them.

Plain models, so wagtail-modeladmin as the design names. The records are written only by the
chain's services and the release log is append-only: nobody, superusers included, adds, edits or
deletes them here. Who may read them follows the regulation's roles (``exports``), not model
permissions.
"""

from datetime import datetime

from django.contrib.admin import display
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import InspectView

from workflows.exports import (
    approval_sheet,
    latest_form_for_page,
    sheet_time,
    snapshot_lines,
    user_may_view_form,
    user_may_view_records,
)
from workflows.models import ApprovalForm, ReleaseLogEntry

PRINT_LABEL = _("打印审批表")
PDF_LABEL = _("下载审批表PDF")


class ReadOnlyRecordsPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return user_may_view_records(user)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and user_may_view_records(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class RecordInspectView(InspectView):
    def get_field_display_value(self, field_name, field=None):
        value = super().get_field_display_value(field_name, field)
        return sheet_time(value) if isinstance(value, datetime) else value


class ApprovalFormInspectView(RecordInspectView):
    def get_context_data(self, **kwargs):
        records = self.instance.steps.order_by("started_at", "pk")
        sheet = approval_sheet(self.instance)
        return super().get_context_data(sheet=sheet, records=records, **kwargs)


class ReleaseLogInspectView(RecordInspectView):
    def get_context_data(self, **kwargs):
        snapshot = self.instance.approval_form_snapshot or {}
        lines = snapshot_lines(snapshot)
        return super().get_context_data(snapshot=snapshot, snapshot_lines=lines, **kwargs)


class ApprovalFormButtonHelper(ButtonHelper):
    """Adds print and PDF to the list rows and the inspect footer."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        # Primary, not "button-secondary": the inspect view's footer is dark, and Wagtail's
        # outlined secondary button on it was hard to read (issue 17).
        classname = self.finalise_classname(classnames_add or [], ["button-secondary"])
        return buttons + [
            _form_link(obj, "approval_form_print", PRINT_LABEL, classname),
            _form_link(obj, "approval_form_pdf", PDF_LABEL, classname),
        ]


def _form_link(form, name, label, classname) -> dict:
    url = reverse(f"xiuying_records:{name}", args=[form.pk])
    return {"url": url, "label": label, "title": label, "classname": classname}


class ChainRecordAdmin(ModelAdmin):
    permission_helper_class = ReadOnlyRecordsPermissionHelper
    inspect_view_enabled = True
    # Wagtail-modeladmin's history view checks no permission; the records have no edits anyway.
    history_view_enabled = False
    list_per_page = 50

    def get_permissions_for_registration(self):
        # Access follows the regulation's roles: no model permission to hand out in Groups.
        return Permission.objects.none()

    def register_indexing(self):
        # Nothing links to the records from content; indexing would add writes to every append.
        pass


class ApprovalFormAdmin(ChainRecordAdmin):
    model = ApprovalForm
    menu_label = _("信息发布审批表")
    menu_icon = "clipboard-list"
    base_url_path = "xiuying/approval-forms"
    list_display = (
        "article_title",
        "column_title",
        "source_unit_name",
        "drafter_name",
        "status",
        "submitted",
        "completed",
    )
    list_filter = ("status", "column_title")
    search_fields = ("article_title",)
    ordering = ("-submitted_at",)
    button_helper_class = ApprovalFormButtonHelper
    inspect_view_class = ApprovalFormInspectView
    inspect_template_name = "workflows/approval_form_inspect.html"
    inspect_view_fields = ("article_title", "status", "submitted_at", "completed_at")

    @display(description=_("提交时间（北京时间）"), ordering="submitted_at")
    def submitted(self, obj):
        return sheet_time(obj.submitted_at)

    @display(description=_("完成时间（北京时间）"), ordering="completed_at")
    def completed(self, obj):
        return sheet_time(obj.completed_at)


class ReleaseLogAdmin(ChainRecordAdmin):
    model = ReleaseLogEntry
    menu_label = _("信息发布日志")
    menu_icon = "list-ol"
    base_url_path = "xiuying/release-log"
    list_display = (
        "sequence",
        "kind",
        "recorded",
        "actor_name",
        "article_title",
        "column_title",
        "revision_id",
        "content_sha256_short",
    )
    list_filter = ("kind",)
    search_fields = ("article_title",)
    ordering = ("-sequence",)
    index_template_name = "workflows/release_log_index.html"
    inspect_view_class = ReleaseLogInspectView
    inspect_template_name = "workflows/release_log_inspect.html"
    inspect_view_fields = (
        "sequence",
        "kind",
        "recorded_at",
        "actor_name",
        "article_title",
        "column_title",
        "article_page_id",
        "revision_id",
        "reason",
        "content_sha256",
        "previous_sha256",
        "entry_sha256",
        "seal_algorithm",
        "seal_key_version",
    )

    def get_queryset(self, request):
        # The archives are large and not listed.
        archives = ("approved_content", "approval_form_snapshot", "materials")
        return super().get_queryset(request).defer(*archives)

    @display(description=_("记录时间（北京时间）"), ordering="recorded_at")
    def recorded(self, obj):
        return sheet_time(obj.recorded_at)

    @display(description=_("内容SHA-256"))
    def content_sha256_short(self, obj):
        return f"{obj.content_sha256[:12]}…"


class ChainRecordsGroup(ModelAdminGroup):
    menu_label = _("审批与发布")
    menu_icon = "tasks"
    menu_order = 300
    items = (ApprovalFormAdmin, ReleaseLogAdmin)


def _is_item(page) -> bool:
    return getattr(page.specific_class, "xiuying_kind", None) == "item"


class TakedownMenuItem(PageMenuItem):
    """下线 (R-18): offered where the tester allows; Wagtail's unpublish is hidden for items."""

    label = _("下线")
    icon_name = "download"
    url_name = "xiuying_records:takedown"

    def is_shown(self, user):
        if not _is_item(self.page):
            return False
        return self.page.specific_deferred.permissions_for_user(user).can_take_down()


def approval_form_page_buttons(page, user, priority=75) -> list[PageMenuItem]:
    """Print and PDF of the item's latest approval form, for whoever may read it."""
    form = latest_form_for_page(page.pk) if _is_item(page) else None
    if form is None or not user_may_view_form(user, form):
        return []
    print_url = reverse("xiuying_records:approval_form_print", args=[form.pk])
    pdf_url = reverse("xiuying_records:approval_form_pdf", args=[form.pk])
    return [
        PageMenuItem(
            PRINT_LABEL, url=print_url, icon_name="doc-full", priority=priority, page=page
        ),
        PageMenuItem(
            PDF_LABEL, url=pdf_url, icon_name="download", priority=priority + 1, page=page
        ),
    ]
