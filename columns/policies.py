"""Wagtail's permission policy for pages, narrowed by the visibility rule (the documents' is in
``workflows.document_access``).

Wagtail builds its listings from these policies: the explorer, the page search, the choosers,
the reports (site history, workflows, workflow tasks, aging and locked pages), the dashboard,
the document listings and its admin API. Narrowing the policies applies the rules to all of
them at once, and to whatever listing a later Wagtail adds (R-02, R-13).
https://docs.wagtail.org/en/stable/extending/permission_policies.html
"""

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from columns.selectors import pages_visible_to, user_may_see_pages


class XiuyingPagePermissionPolicy(PagePermissionPolicy):
    """Leaves out the items an account may not see (``columns.rules.may_see_item``)."""

    def instances_user_has_any_permission_for(self, user, actions):
        return pages_visible_to(user, super().instances_user_has_any_permission_for(user, actions))

    def explorable_instances(self, user):
        return pages_visible_to(user, super().explorable_instances(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        allowed = super().user_has_any_permission_for_instance(user, actions, instance)
        return allowed and user_may_see_pages(user, [instance.pk])


def policies_register() -> None:
    """Called from ``ColumnsConfig.ready`` (this module needs the models loaded). Wagtail
    registers its page policy for ``AbstractPage``: ours is found first, for ``Page``. The
    documents' policy is ``workflows.document_access``'s."""
    register_permission_policy(Page, XiuyingPagePermissionPolicy(Page))
