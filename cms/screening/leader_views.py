"""The leaders register in the admin (issue 16): leaders with their titles, persons who may not
be presented as office-holders, the register's versions, and the rescreening runs with their
progress bars. Edited by 网站专管员 and 网站管理员 (the lexicon's roles)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cms.screening.leader_actions import REGISTER_ROLES
from cms.screening.models import DismissedPerson, Leader, LeaderRegisterVersion, RescreenRun
from cms.screening.views import NUMBER_COLUMN, RolePermissionPolicy

EDIT_ACTIONS = ("add", "change", "delete", "view")

leader_policy = RolePermissionPolicy(
    Leader, roles_by_action=dict.fromkeys(EDIT_ACTIONS, REGISTER_ROLES)
)
dismissed_policy = RolePermissionPolicy(
    DismissedPerson, roles_by_action=dict.fromkeys(EDIT_ACTIONS, REGISTER_ROLES)
)
register_version_policy = RolePermissionPolicy(
    LeaderRegisterVersion, roles_by_action={"view": REGISTER_ROLES}
)
rescreen_run_policy = RolePermissionPolicy(RescreenRun, roles_by_action={"view": REGISTER_ROLES})


def rescreen_progress(run: RescreenRun | None) -> str:
    """The latest rescreening's progress bar (HTML), shown above the register's lists."""
    return render_to_string("screening/rescreen_progress.html", {"run": run})


class RegisterIndexView(generic.IndexView):
    """A register's list, under the progress of the latest rescreening of live items."""

    template_name = "screening/register_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rescreen_run"] = RescreenRun.objects.order_by("-pk").first()
        return context


class TitlesColumn(Column):
    def get_value(self, instance):
        return "、".join(t.title for t in instance.titles.all() if t.valid_to is None)


class LeaderViewSet(ModelViewSet):
    model = Leader
    name = "leaders"
    icon = "group"
    menu_label = _("领导同志名录")
    list_display = [
        "name",
        TitlesColumn("titles", label=_("现任职务")),
        "protocol_order",
        "updated_at",
    ]
    search_fields = ["name", "titles__title"]
    index_view_class = RegisterIndexView
    copy_view_enabled = False


class DismissedPersonViewSet(ModelViewSet):
    model = DismissedPerson
    name = "dismissed_persons"
    icon = "cross"
    menu_label = _("不得称现职人员")
    form_fields = ["name", "since", "titles", "note"]
    list_display = ["name", "since", "titles", "note"]
    search_fields = ["name"]
    index_view_class = RegisterIndexView
    copy_view_enabled = False


class LeaderRegisterVersionViewSet(ModelViewSet):
    model = LeaderRegisterVersion
    name = "leader_register_versions"
    icon = "history"
    menu_label = _("名录版本")
    list_display = [NUMBER_COLUMN, "note", "leader_count", "created_by", "created_at"]
    form_fields = []
    copy_view_enabled = False


class ProgressColumn(Column):
    cell_template_name = "screening/rescreen_progress_cell.html"


class RescreenRunViewSet(ModelViewSet):
    model = RescreenRun
    name = "rescreen_runs"
    icon = "resubmit"
    menu_label = _("复查任务")
    list_display = [
        NUMBER_COLUMN,
        "reason",
        "status",
        ProgressColumn("percent", label=_("进度")),
        "new_findings",
        "created_at",
    ]
    form_fields = []
    copy_view_enabled = False


REGISTER_VIEWSETS = (
    LeaderViewSet,
    DismissedPersonViewSet,
    LeaderRegisterVersionViewSet,
    RescreenRunViewSet,
)
POLICIES = (
    (Leader, leader_policy),
    (DismissedPerson, dismissed_policy),
    (LeaderRegisterVersion, register_version_policy),
    (RescreenRun, rescreen_run_policy),
)
