"""Admin URLs and the Reports menu item of the compliance watch."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from cms.compliance import views
from cms.compliance.permissions import user_may_view_checkup


def admin_urls():
    return [
        path("compliance/", views.checkup_view, name="xiuying_compliance"),
        path("compliance/visits/", views.visits_view, name="xiuying_visits"),
    ]


class CheckupMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_view_checkup(request.user)


def checkup_menu_item():
    url = reverse("xiuying_compliance")
    return CheckupMenuItem(
        _("合规体检"), url, name="xiuying-compliance", icon_name="success", order=1150
    )


def visits_menu_item():
    url = reverse("xiuying_visits")
    return CheckupMenuItem(_("访问统计"), url, name="xiuying-visits", icon_name="view", order=1155)
