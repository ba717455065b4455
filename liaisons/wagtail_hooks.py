"""Registers the liaison snippet, the assessment's admin views, reports and panels."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from liaisons import closing, panels, urls
from liaisons.models import Contribution, ScoringScheme
from liaisons.permissions import ContributionPolicy, SchemePolicy
from liaisons.viewsets import AssessmentViewSetGroup, LiaisonViewSet

register_permission_policy(Contribution, ContributionPolicy(Contribution))
register_permission_policy(ScoringScheme, SchemePolicy(ScoringScheme))
register_snippet(LiaisonViewSet)
hooks.register("register_admin_viewset", AssessmentViewSetGroup)
hooks.register("register_admin_urls", urls.admin_urls)
for menu_item in urls.MENU_ITEMS:
    hooks.register("register_reports_menu_item", menu_item)
hooks.register("construct_homepage_panels", panels.homepage_panels_append)
hooks.register("register_page_header_buttons", panels.assess_page_buttons)


@hooks.register("register_log_actions")
def register_assessment_log_actions(actions):
    actions.register_action(closing.LOG_ACTION, _("归档年度考核"), _("归档年度考核"))
