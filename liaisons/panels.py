"""Dashboard panels: the freshness watch "栏目更新提醒" (R-20) and, for 网站管理员, the released
items still waiting for their quality grade "待评定信息" (R-22)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from cms.core.selectors import user_roles, user_unit_id
from liaisons import rules
from liaisons.freshness import freshness
from liaisons.models import Contribution
from liaisons.selectors import user_may_assess, user_may_view_assessment

PANEL_LIMIT = 10
GRADING_DAYS = 90


class FreshnessPanel(Component):
    """Stale and empty columns the user answers for (all of them for the report readers), and
    the home page when it has had nothing new for too long."""

    name = "xiuying_column_freshness"
    template_name = "liaisons/panels/freshness.html"
    order = 150

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        report = freshness()
        mine = [row for row in report.columns if _concerns(user, row)]
        return {
            "heading": f"栏目更新提醒（{len(mine)}）",
            "rows": mine[:PANEL_LIMIT],
            "hidden": max(0, len(mine) - PANEL_LIMIT),
            "home": report.home if user_may_view_assessment(user) else None,
            "report_url": reverse("xiuying_column_freshness"),
        }


def _concerns(user, row) -> bool:
    return rules.may_see_column_warning(
        roles=user_roles(user),
        is_superuser=user.is_superuser,
        user_id=user.pk,
        unit_id=user_unit_id(user),
        row=row,
    )


class GradingPanel(Component):
    """Items released in the last ``GRADING_DAYS`` days without a grade, newest first."""

    name = "xiuying_grading"
    template_name = "liaisons/panels/grading.html"
    order = 160

    def get_context_data(self, parent_context):
        since = timezone.now() - timedelta(days=GRADING_DAYS)
        waiting = Contribution.objects.filter(released_at__gte=since, grade="")
        count = waiting.count()
        return {
            "heading": f"待评定信息（{count}）",
            "count": count,
            "items": list(waiting.order_by("-released_at").select_related("unit")[:PANEL_LIMIT]),
            "register_url": reverse("contributions:index"),
        }


def homepage_panels_append(request, panels):
    """``construct_homepage_panels``: add ours after the others' (the review queue stays)."""
    if request.user.is_authenticated:
        panels.append(FreshnessPanel())
    if user_may_assess(request.user):
        panels.append(GradingPanel())


def assess_page_buttons(page, user, view_name=None, next_url=None):
    """``register_page_header_buttons``: "评定" on a released item, for 网站管理员, right after
    the release step published it."""
    from wagtail.admin.ui.menus.pages import PageMenuItem

    if not user_may_assess(user):
        return []
    released = Contribution.objects.filter(article_page_id=page.pk, released_at__isnull=False)
    contribution_id = released.values_list("pk", flat=True).first()
    if contribution_id is None:
        return []
    url = reverse("contributions:edit", args=[contribution_id])
    return [PageMenuItem("评定", url=url, icon_name="pick", priority=70, page=page)]
