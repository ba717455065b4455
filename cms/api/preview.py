"""Signed, short-lived preview tokens for approvers: the mini-program shows a draft only
through a token minted in the admin ("在小程序中预览"), never by an id it could guess.

A token carries the page, the exact revision and the account that minted it, signed with
Django's ``signing`` under a salt of its own (https://docs.djangoproject.com/en/5.2/topics/signing/)
and valid for ``API_PREVIEW_MINUTES``.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from wagtail.models import Revision

from cms.api.errors import PREVIEW_EXPIRED, PREVIEW_GONE, PREVIEW_INVALID, ApiError
from cms.conf import get_setting
from columns.models import ArticlePage

SALT = "xiuying.api.preview"


@dataclass(frozen=True)
class PreviewGrant:
    page_id: int
    revision_id: int
    user_id: int
    expires_at: datetime


def _lifetime() -> timedelta:
    return timedelta(minutes=get_setting("API_PREVIEW_MINUTES"))


def preview_token_mint(*, user, article) -> tuple[str, datetime]:
    """A token for ``article``'s latest revision; the caller has checked that ``user`` may edit
    or act on it. Returns the token and when it expires."""
    revision = article.get_latest_revision()
    expires_at = timezone.now().replace(microsecond=0) + _lifetime()
    payload = {"p": article.pk, "r": revision.pk, "u": user.pk, "x": int(expires_at.timestamp())}
    return signing.dumps(payload, salt=SALT, compress=True), expires_at


def preview_grant(token: str) -> PreviewGrant:
    """The grant a token carries, or ``ApiError`` (expired, forged or malformed)."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=_lifetime())
        expires_at = datetime.fromtimestamp(payload["x"], tz=UTC)
        return PreviewGrant(int(payload["p"]), int(payload["r"]), int(payload["u"]), expires_at)
    except signing.SignatureExpired as error:
        raise ApiError(410, "preview_expired", PREVIEW_EXPIRED) from error
    except (signing.BadSignature, ValueError, KeyError, TypeError) as error:
        raise ApiError(403, "preview_invalid", PREVIEW_INVALID) from error


def preview_article(grant: PreviewGrant) -> tuple[ArticlePage, Revision]:
    """The item as the granted revision has it, while the minting account is still active."""
    revision = Revision.page_revisions.filter(
        pk=grant.revision_id, object_id=str(grant.page_id)
    ).first()
    minter_active = get_user_model().objects.filter(pk=grant.user_id, is_active=True).exists()
    if revision is None or not minter_active:
        raise ApiError(410, "preview_gone", PREVIEW_GONE)
    article = revision.as_object()
    if not isinstance(article, ArticlePage):
        raise ApiError(403, "preview_invalid", PREVIEW_INVALID)
    return article, revision


def user_may_preview(user, article) -> bool:
    """Those who may edit the item, or act on its current approval step (whom Wagtail's tester
    lets into the editor), may mint a preview of it."""
    return bool(user.is_active and article.permissions_for_user(user).can_edit())
