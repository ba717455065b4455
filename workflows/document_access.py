"""The document privacy rule (``workflows.document_rules``) wherever documents are listed,
chosen or served: Wagtail's permission policy for documents, the serve hook, the admin API's
document listing, the document bulk actions and the item editor's choice of documents
(R-02, R-03, R-13)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from wagtail.documents import get_document_model, get_document_model_string
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views.bulk_actions import (
    AddTagsBulkAction,
    AddToCollectionBulkAction,
)
from wagtail.documents.views.bulk_actions import (
    DeleteBulkAction as DocumentDeleteBulkAction,
)
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from columns.admin_visibility import visible_only
from columns.middleware import PRIVATE_DOCUMENT
from workflows.document_selectors import (
    document_access,
    documents_visible_to,
    user_may_read_document,
)


class XiuyingDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Leaves out the documents an account may not read (``columns.document_rules``)."""

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return documents_visible_to(user, instances)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        allowed = super().user_has_any_permission_for_instance(user, actions, instance)
        return allowed and user_may_read_document(user, instance)


def document_policy_register() -> None:
    """Called from ``WorkflowsConfig.ready``: Wagtail registers its document policy (in
    ``wagtail.documents``' ready, which runs after ours) for the document model; ours is found
    first, as the document model's exact class."""
    document_policy = XiuyingDocumentPermissionPolicy(
        get_document_model_string(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    )
    register_permission_policy(get_document_model(), document_policy, exact_class=True)


DOCUMENT_PRIVATE = "该文件属于未发布的信息或原始资料，您无权查看。"
# Set on a request that is served a private document (columns.middleware keeps it uncached).


def document_serve_check(document, request):
    """``before_serve_document``: a document the account may not read is not served; an
    anonymous visitor is sent to sign in."""
    access = document_access(request.user, document)
    if not access.readable:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(DOCUMENT_PRIVATE)
    setattr(request, PRIVATE_DOCUMENT, not access.public)
    return None


class VisibleDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """``/admin/api/main/documents/``: only the documents the account may read."""

    def get_queryset(self):
        return documents_visible_to(self.request.user, super().get_queryset())


DOCUMENT_BULK_ACTIONS = [
    visible_only(action, documents_visible_to)
    for action in (AddTagsBulkAction, AddToCollectionBulkAction, DocumentDeleteBulkAction)
]
