"""Signed, short-lived preview tokens for approvers: the mini-program shows a draft only
through a token minted in the admin ("在小程序中预览"), never by an id it could guess.

A token carries the page, the exact revision, the account that minted it and that account's token
version, signed with Django's ``signing`` under a salt of its own
(https://docs.djangoproject.com/en/5.2/topics/signing/) and valid for ``API_PREVIEW_MINUTES``.
Deactivating the account moves its token version on (``cms.security.tokens``): its tokens die
then, and stay dead if the account is reactivated within their lifetime.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.utils import timezone
from wagtail.models import Revision

from cms.api.errors import PREVIEW_EXPIRED, PREVIEW_GONE, PREVIEW_INVALID, ApiError
from cms.core.conf import get_setting
from cms.screening.services import article_screening
from cms.security.tokens import account_token_version
from columns.models import ArticlePage

SALT = "xiuying.api.preview"


@dataclass(frozen=True)
class PreviewGrant:
    page_id: int
    revision_id: int
    user_id: int
    expires_at: datetime
    token_version: int = 0


def _lifetime() -> timedelta:
    return timedelta(minutes=get_setting("API_PREVIEW_MINUTES"))


def preview_token_mint(*, user, article) -> tuple[str, datetime]:
    """A token for ``article``'s latest revision; the caller has checked that ``user`` may edit
    or act on it. Returns the token and when it expires."""
    revision = article.get_latest_revision()
    expires_at = timezone.now().replace(microsecond=0) + _lifetime()
    payload = {
        "p": article.pk,
        "r": revision.pk,
        "u": user.pk,
        "x": int(expires_at.timestamp()),
        "v": account_token_version(user_id=user.pk) or 0,
    }
    return signing.dumps(payload, salt=SALT, compress=True), expires_at


def preview_grant(token: str) -> PreviewGrant:
    """The grant a token carries, or ``ApiError`` (expired, forged or malformed)."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=_lifetime())
        expires_at = datetime.fromtimestamp(payload["x"], tz=UTC)
        ids = (int(payload["p"]), int(payload["r"]), int(payload["u"]))
        return PreviewGrant(*ids, expires_at, int(payload.get("v", 0)))
    except signing.SignatureExpired as error:
        raise ApiError(410, "preview_expired", PREVIEW_EXPIRED) from error
    except (signing.BadSignature, ValueError, KeyError, TypeError) as error:
        raise ApiError(403, "preview_invalid", PREVIEW_INVALID) from error


def preview_article(grant: PreviewGrant) -> tuple[ArticlePage, Revision]:
    """The item as the granted revision has it, while the minting account is active and was
    not deactivated since it minted the token."""
    revision = Revision.page_revisions.filter(
        pk=grant.revision_id, object_id=str(grant.page_id)
    ).first()
    minter_standing = account_token_version(user_id=grant.user_id) == grant.token_version
    if revision is None or not minter_standing:
        raise ApiError(410, "preview_gone", PREVIEW_GONE)
    article = revision.as_object()
    if not isinstance(article, ArticlePage):
        raise ApiError(403, "preview_invalid", PREVIEW_INVALID)
    return article, revision


def user_may_preview(user, article) -> bool:
    """Those who may edit the item, or act on its current approval step (whom Wagtail's tester
    lets into the editor), may mint a preview of it."""
    return bool(user.is_active and article.permissions_for_user(user).can_edit())


def preview_screening(article) -> dict:
    """The screening verdict on the previewed draft, as the editor's panel gives it."""
    screening = article_screening(article)
    verdict = screening.verdict
    return {
        "screening": {
            "blocks": verdict.blocks,
            "needs_minister": verdict.needs_minister,
            "summary": verdict.summary,
            "messages": list(verdict.messages),
            "pending": list(screening.pending),
            "unchecked": list(screening.unchecked),
        }
    }
