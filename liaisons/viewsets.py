"""Admin views of liaisons and the assessment: the liaison snippet (with revisions and history),
the contribution register with its 评定 form, and the yearly scoring schemes."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core.office_time import office_today
from cms.core.viewsets import InspectView
from liaisons.forms import ContributionAssessForm
from liaisons.models import Contribution, Liaison, ScoringScheme
from liaisons.selectors import units_without_liaison

UNITS_WITHOUT_LIAISON = "以下单位目前没有在任的信息联络员（每个单位原则上配备一名）：{units}"
ASSESS_LABEL = _("评定")


class LiaisonIndexView(SnippetIndexView):
    def get(self, request, *args, **kwargs):
        if not self.results_only:
            missing = units_without_liaison(today=office_today())
            if missing:
                units = "、".join(unit.name for unit in missing)
                messages.warning(request, UNITS_WITHOUT_LIAISON.format(units=units))
        return super().get(request, *args, **kwargs)


class LiaisonViewSet(SnippetViewSet):
    model = Liaison
    icon = "user"
    menu_label = _("信息联络员")
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = LiaisonIndexView
    list_display = ["name", "unit", "phone", "active_from", "active_to"]
    list_filter = ["unit"]
    search_fields = ["name"]


class ContributionIndexView(generic.IndexView):
    def get_edit_url(self, instance):
        policy = self.permission_policy
        if policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return reverse(self.edit_url_name, args=(quote(instance.pk),))
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for button in buttons:
            if button.icon_name == "edit":
                button.label = ASSESS_LABEL
        return buttons


class ContributionEditView(generic.EditView):
    page_title = ASSESS_LABEL

    def get_object(self, queryset=None):
        contribution = super().get_object(queryset)
        policy = self.permission_policy
        if not policy.user_has_permission_for_instance(self.request.user, "change", contribution):
            raise PermissionDenied
        return contribution


SUMMARY_FIELDS = ["title", "liaison", "unit", "column", "content_form", "status", "released_at"]


class ContributionViewSet(ModelViewSet):
    """信息报送记录, read by the report readers; 网站管理员 grades released items (评定)."""

    model = Contribution
    name = "contributions"
    url_prefix = "liaisons/contributions"
    icon = "doc-full"
    menu_label = _("信息报送记录")
    index_view_class = ContributionIndexView
    edit_view_class = ContributionEditView
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = InspectView
    list_display = [
        "title",
        "liaison",
        "unit",
        "column",
        "content_form",
        "status",
        DateColumn("submitted_at", label=_("报送时间")),
        DateColumn("released_at", label=_("发布时间")),
        Column("release_days", label=_("报送至发布（天）")),
        "grade",
    ]
    list_filter = ["status", "grade", "content_form", "unit", "department"]
    search_fields = ["title"]
    inspect_view_fields = [
        *SUMMARY_FIELDS,
        "department",
        "drafted_at",
        "submitted_at",
        "rejected_at",
        "withdrawn_at",
        "rejection_count",
        "release_days",
        "grade",
        "graded_by",
        "graded_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel(name, read_only=True) for name in SUMMARY_FIELDS],
                heading=_("信息"),
            ),
            FieldPanel("grade"),
            InlinePanel("adoptions", heading=_("上级采用"), label=_("采用")),
            InlinePanel("endorsements", heading=_("领导批示"), label=_("批示")),
        ],
        base_form_class=ContributionAssessForm,
    )

    def get_queryset(self, request):
        return Contribution.objects.select_related("liaison", "unit", "column", "department")


class ScoringSchemeViewSet(ModelViewSet):
    model = ScoringScheme
    name = "scoring_schemes"
    url_prefix = "liaisons/schemes"
    icon = "table"
    menu_label = _("计分办法")
    add_to_admin_menu = False
    copy_view_enabled = True
    inspect_view_enabled = True
    inspect_view_class = InspectView
    list_display = ["__str__", "notes"]


class AssessmentViewSetGroup(ModelViewSetGroup):
    menu_label = _("信息考核")
    menu_icon = "tasks"
    menu_order = 310
    items = (ContributionViewSet, ScoringSchemeViewSet)
