"""Registers screening with Wagtail (R-12, R-18): the registers, permission policies, actions
that version every lexicon change, the editor's panel and submit guard, the findings panel."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.screening import views
from cms.screening.models import LexiconEntry, LexiconVersion
from cms.screening.services import LexiconCreateAction, LexiconDeleteAction, LexiconEditAction
from cms.security.models import Incident

register_permission_policy(LexiconEntry, views.lexicon_policy)
register_permission_policy(LexiconVersion, views.version_policy)
register_permission_policy(Incident, views.incident_policy)

hooks.register("register_admin_viewset", lambda: views.ScreeningViewSetGroup())
hooks.register("insert_editor_js", views.editor_js)
hooks.register("before_edit_page", views.guard_edit)
hooks.register("before_create_page", views.guard_create)
hooks.register("construct_homepage_panels", views.add_findings_panel)


@hooks.register("register_actions")
def register_lexicon_actions(registry):
    for action in (LexiconCreateAction, LexiconEditAction, LexiconDeleteAction):
        registry.register(LexiconEntry, action)


@hooks.register("register_admin_urls")
def register_screening_urls():
    return [path("screening/", include((views.urlpatterns, "xiuying_screening")))]
