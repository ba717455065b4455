"""The admin's "在小程序中预览" page: mints a preview token for the item's latest draft."""

import logging
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.api.media import public_url
from cms.api.preview import preview_token_mint, user_may_preview
from cms.core.conf import get_setting
from columns.models import ArticlePage

logger = logging.getLogger(__name__)
PREVIEW_LABEL = _("在小程序中预览")
PREVIEW_DENIED = "只有可以编辑该信息或办理其当前审批环节的人员可以预览。"


def preview_mint(request, page_id):
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not user_may_preview(request.user, article):
        raise PermissionDenied(PREVIEW_DENIED)
    token, expires_at = preview_token_mint(user=request.user, article=article)
    logger.info("Preview token minted: page %s by user %s", article.pk, request.user.pk)
    api_path = reverse("xiuying_api:preview", kwargs={"token": token})
    context = {
        "page_title": PREVIEW_LABEL,
        "article": article,
        "token": token,
        "expires_at": expires_at,
        "api_url": public_url(api_path),
        "miniprogram_path": get_setting("API_PREVIEW_MINIPROGRAM_PATH")
        + "?"
        + urlencode({"token": token}),
    }
    return TemplateResponse(request, "api/preview_token.html", context)
