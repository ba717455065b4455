from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

import workflows.hooks_records  # noqa: F401
from cms.security.models import Incident
from workflows import document_access, findings_views, hooks_queue  # noqa: F401

hooks.register("before_serve_document", document_access.document_serve_check)
register_permission_policy(Incident, findings_views.incident_policy)
hooks.register("register_admin_viewset", lambda: findings_views.ScreeningViewSetGroup())
hooks.register("construct_homepage_panels", findings_views.add_findings_panel)


@hooks.register("register_admin_urls")
def register_findings_urls():
    return [path("findings/", include((findings_views.urlpatterns, "xiuying_findings")))]


# After Wagtail's own registrations (order 0), which these replace.
for action_class in document_access.DOCUMENT_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=1)


@hooks.register("construct_admin_api", order=1)
def admin_api_documents_visible_only(router):
    router.register_endpoint("documents", document_access.VisibleDocumentsAdminAPIViewSet)


@hooks.register("register_log_actions")
def register_chain_log_actions(actions):
    actions.register_action("xiuying.workflow.skip", _("跳过审批环节"), _("跳过审批环节"))
