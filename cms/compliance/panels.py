"""Dashboard panels: the whole 合规体检 for its readers; for everyone else, the findings on
their own items and columns (broken links, 暗链, stale columns)."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from cms.compliance.checkup import compliance_checkup
from cms.compliance.permissions import evidence_for, user_may_view_checkup

EVIDENCE_LIMIT = 5


class CheckupPanel(Component):
    name = "xiuying_compliance_checkup"
    template_name = "compliance/panels/checkup.html"
    order = 80

    def __init__(self, checkup):
        self.checkup = checkup

    def get_context_data(self, parent_context):
        return {
            "checkup": self.checkup,
            "limit": EVIDENCE_LIMIT,
            "report_url": reverse("xiuying_compliance"),
        }


class MyFindingsPanel(Component):
    name = "xiuying_compliance_mine"
    template_name = "compliance/panels/mine.html"
    order = 85

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows, "heading": f"合规体检：我负责的问题（{len(self.rows)}）"}


def homepage_panels_append(request, panels):
    """``construct_homepage_panels``."""
    user = request.user
    if not user.is_authenticated:
        return
    checkup = compliance_checkup()
    if user_may_view_checkup(user):
        panels.append(CheckupPanel(checkup))
    elif rows := evidence_for(user, checkup):
        panels.append(MyFindingsPanel(rows))
