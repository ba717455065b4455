"""Taking an item down at once, always with a reason (R-18); the release log records it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction

from columns.permissions import user_can_take_down
from workflows.release_log import takedown_context

TAKEDOWN_DENIED = "只有网站管理员和网站专管员可以下线信息。"
REASON_REQUIRED = "下线必须注明原因。"
NOT_LIVE = "该信息当前未发布，无需下线。"


@transaction.atomic
def article_take_down(*, user, article, reason: str):
    if not user_can_take_down(user):
        raise PermissionDenied(TAKEDOWN_DENIED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED)
    if not article.live:
        raise ValidationError(NOT_LIVE)
    with takedown_context(user, reason):
        UnpublishPageAction(article, user=user).execute(skip_permission_checks=True)
