"""What the chain shows in the admin: the "待我审批" dashboard panel and, in the editor, why a
step's buttons are absent for the current user.

The panel replaces Wagtail's "Awaiting your review" (``WorkflowObjectsToModeratePanel``), so
there is one queue, built by ``queue.items_awaiting`` in a fixed number of queries.
"""

from django.contrib import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from workflows import queue, rules

PANEL_LIMIT = 100
NOTICE = "您不能办理当前环节“{step}”：{reason}{waiting}"
WAITING_FOR = {
    rules.DRAFTER_REVIEW: "拟稿人{drafter}本人",
    rules.UNIT_APPROVAL: "{source_unit}的单位审核人，不能是拟稿人",
    rules.PROOFREAD_1: "校对员，不能是拟稿人",
    rules.PROOFREAD_2: "校对员，不能是拟稿人或一校人",
    rules.LEADER_SIGNOFF: "{column_owner}的分管部领导，不能是拟稿人",
    rules.MINISTER_SIGNOFF: "组织部长，不能是拟稿人",
    rules.RELEASE: "网站管理员，不能是拟稿人",
}


class AwaitingReviewPanel(Component):
    """The "待我审批" queue: steps the user may act on, oldest first, overdue ones marked."""

    name = "xiuying_awaiting_review"
    template_name = "workflows/queue/awaiting_panel.html"
    order = 100

    def get_context_data(self, parent_context):
        items = queue.items_awaiting(parent_context["request"].user)
        return {
            "heading": f"待我审批（{len(items)}）",
            "items": items[:PANEL_LIMIT],
            "hidden": max(0, len(items) - PANEL_LIMIT),
            "overdue_count": sum(item.overdue for item in items),
        }


def homepage_panels_replace(request, panels):
    """``construct_homepage_panels``: drop Wagtail's review panel, add ours."""
    panels[:] = [p for p in panels if not isinstance(p, WorkflowObjectsToModeratePanel)]
    panels.append(AwaitingReviewPanel())


def waiting_for(step: str, *, drafter: str = "", source_unit: str = "", column_owner: str = ""):
    """What ``step`` waits for, e.g. "等待：二校（校对员，不能是拟稿人或一校人）"."""
    who = WAITING_FOR[step].format(
        drafter=drafter, source_unit=source_unit, column_owner=column_owner
    )
    return f"等待：{rules.STEP_LABELS[step]}（{who}）"


def absence_notice(page, user) -> str:
    """The reason the rules give and what the step waits for; empty when the user may act."""
    refusal = queue.current_refusal(page, user)
    if refusal is None:
        return ""
    step, reason, form = refusal
    waiting = waiting_for(
        step,
        drafter=form.drafter_name if form else "",
        source_unit=form.source_unit_name if form else "",
        column_owner=form.column_owner_name if form else "",
    )
    return NOTICE.format(step=rules.STEP_LABELS[step], reason=reason, waiting=waiting)


def explain_absent_actions(request, page):
    """``before_edit_page``: the editor shows the notice the way Wagtail shows its lock notice."""
    if request.method != "GET":
        return None
    notice = absence_notice(page, request.user)
    if notice:
        messages.warning(request, notice)
    return None
