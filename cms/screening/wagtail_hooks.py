"""Registers screening with Wagtail (R-12, R-18): the lexicon's permission policies, actions that
version every lexicon change, the editor's panel and submit guard. The registers' menu, the
findings panel and the incident register are the chain's (``workflows.findings_views``)."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.screening import leader_views, views
from cms.screening.leader_actions import (
    RegisterCreateAction,
    RegisterDeleteAction,
    RegisterEditAction,
)
from cms.screening.models import DismissedPerson, Leader, LexiconEntry, LexiconVersion
from cms.screening.services import LexiconCreateAction, LexiconDeleteAction, LexiconEditAction

register_permission_policy(LexiconEntry, views.lexicon_policy)
register_permission_policy(LexiconVersion, views.version_policy)
for model, policy in leader_views.POLICIES:
    register_permission_policy(model, policy)

hooks.register("insert_editor_js", views.editor_js)
hooks.register("before_edit_page", views.guard_edit)
hooks.register("before_create_page", views.guard_create)


@hooks.register("register_actions")
def register_lexicon_actions(registry):
    for action in (LexiconCreateAction, LexiconEditAction, LexiconDeleteAction):
        registry.register(LexiconEntry, action)
    for model in (Leader, DismissedPerson):
        for action in (RegisterCreateAction, RegisterEditAction, RegisterDeleteAction):
            registry.register(model, action)


@hooks.register("register_admin_urls")
def register_screening_urls():
    return [path("screening/", include((views.urlpatterns, "xiuying_screening")))]
