"""Wagtail's permission policies for pages and documents, narrowed by the visibility rules.

Wagtail builds its listings from these policies: the explorer, the page search, the choosers,
the reports (site history, workflows, workflow tasks, aging and locked pages), the dashboard,
the document listings and its admin API. Narrowing the policies applies the rules to all of
them at once, and to whatever listing a later Wagtail adds (R-02, R-13).
https://docs.wagtail.org/en/stable/extending/permission_policies.html
"""

from wagtail.documents import get_document_model, get_document_model_string
from wagtail.models import Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from columns.document_selectors import documents_visible_to, user_may_read_document
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


class XiuyingDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Leaves out the documents an account may not read (``columns.document_rules``)."""

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return documents_visible_to(user, instances)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        allowed = super().user_has_any_permission_for_instance(user, actions, instance)
        return allowed and user_may_read_document(user, instance)


def policies_register() -> None:
    """Called from ``ColumnsConfig.ready`` (this module needs the models loaded). Wagtail
    registers its page policy for ``AbstractPage`` and its document policy (in
    ``wagtail.documents``' ready, which runs after ours) for the document model: ours are
    found first, for ``Page`` and as the document model's exact class."""
    register_permission_policy(Page, XiuyingPagePermissionPolicy(Page))
    document_policy = XiuyingDocumentPermissionPolicy(
        get_document_model_string(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    )
    register_permission_policy(get_document_model(), document_policy, exact_class=True)
