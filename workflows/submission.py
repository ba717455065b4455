"""Submitting an item to the approval chain (R-04): from the editor, the API or a script."""

from django.core.exceptions import PermissionDenied, ValidationError

from cms.screening.services import check_submittable
from workflows.selectors import chain_workflow, latest_draft

SUBMIT_DENIED = "您不能提交该信息审核。"
ALREADY_IN_REVIEW = "该信息已在审批中。"
NO_CHAIN = "审批流程尚未配置，请先运行 setup_roles。"


def article_submit(*, user, article):
    """Start the chain on the latest revision of ``article``."""
    if not article.permissions_for_user(user).can_edit():
        raise PermissionDenied(SUBMIT_DENIED)
    if article.workflow_in_progress:
        raise ValidationError(ALREADY_IN_REVIEW)
    check_submittable(latest_draft(article))
    workflow = chain_workflow()
    if workflow is None:
        raise ValidationError(NO_CHAIN)
    return workflow.start(article, user)
