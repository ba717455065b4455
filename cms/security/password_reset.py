"""Password reset by email (R-13, R-16): limited per account and per client address, and every
request a security event.

The admin's reset page (Wagtail's, on Django's ``PasswordResetView``) uses
``XiuyingPasswordResetForm`` (``WAGTAILADMIN_USER_PASSWORD_RESET_FORM``). Per account, at most
``PASSWORD_RESET_ACCOUNT_RATE_LIMIT`` (3/h) mails: beyond it the page reads the same as when a
mail was sent, so nobody learns whether an address has an account, and nothing is mailed. Per
client address, ``cms.security.ratelimit.LoginRateLimitMiddleware`` refuses reset POSTs beyond
``PASSWORD_RESET_RATE_LIMIT`` (10/h) with a Chinese 429 page. Counts are django-ratelimit's, in
the shared cache.
"""

import logging

from wagtail.admin.forms.auth import PasswordResetForm

from cms.core.conf import get_setting
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent
from cms.security.ratelimit import usage

logger = logging.getLogger(__name__)

ACCOUNT_GROUP = "xiuying.password_reset.account"


def _account_key(user):
    return lambda group, request: f"account:{user.pk}"


def account_limited(*, request, user) -> bool:
    """Count one reset mail for ``user``; True when the account is past its limit."""
    if request is None:  # a script calling the form: nothing to count against
        return False
    rate = get_setting("PASSWORD_RESET_ACCOUNT_RATE_LIMIT")
    counted = usage(request, group=ACCOUNT_GROUP, rate=rate, key=_account_key(user))
    return bool(counted and counted["should_limit"])


def password_reset_request(*, request, email: str, users) -> list:
    """The accounts of ``email`` to mail a reset link to now; records the request."""
    sent, limited = [], []
    for user in users:
        (limited if account_limited(request=request, user=user) else sent).append(user)
    security_event_record(
        SecurityEvent.Kind.PASSWORD_RESET_REQUESTED,
        request=request,
        user=users[0] if len(users) == 1 else None,
        username=users[0].get_username() if len(users) == 1 else "",
        email=email,
        accounts=[user.get_username() for user in users],
        sent=[user.get_username() for user in sent],
        limited=[user.get_username() for user in limited],
    )
    if limited:
        logger.warning("password reset mail limited for %s", [u.get_username() for u in limited])
    return sent


def password_reset_address_limited(*, request, counted: dict) -> None:
    """Record a client address going past its limit, once per window (a flood of refused
    requests would otherwise write a row each)."""
    if counted.get("count") != counted.get("limit", 0) + 1:
        return
    security_event_record(
        SecurityEvent.Kind.PASSWORD_RESET_REQUESTED,
        request=request,
        user=None,
        email=request.POST.get("email", "")[:254],
        limited="address",
    )


class XiuyingPasswordResetForm(PasswordResetForm):
    """Wagtail's reset form, its mails limited and recorded (``password_reset_request``)."""

    _request = None

    def save(self, *args, request=None, **kwargs):
        self._request = request
        return super().save(*args, request=request, **kwargs)

    def get_users(self, email):
        users = list(super().get_users(email))
        return password_reset_request(request=self._request, email=email, users=users)
