"""One session per account, sign-outs and the idle timeout (R-17).

Every sign-in issues a new random token, kept on the account's ``AccountSession`` row and in the
new session. ``AccountSessionMiddleware`` compares the two on each request, so an older session
of the same account ends at its next request and its user is told why. Sign-ins themselves are
recorded by the login-signal handlers of the lockout module; this one records sign-outs and
ended sessions.
"""

import logging
import secrets
import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from cms.core.conf import get_setting
from cms.security.client_ip import client_ip
from cms.security.events import security_event_record
from cms.security.models import AccountSession, SecurityEvent

logger = logging.getLogger(__name__)

SESSION_TOKEN_KEY = "xiuying_session_token"  # noqa: S105 - a session key name
LAST_ACTIVITY_KEY = "xiuying_last_activity"
SESSION_SUPERSEDED = "您的账号已在其他地方登录，本会话已结束。"
SESSION_IDLE = "您已超过{minutes}分钟未操作，本会话已结束，请重新登录。"
SESSION_UNTRACKED = "会话已失效，请重新登录。"

SUPERSEDED, IDLE, UNTRACKED = "superseded", "idle", "untracked"
# Requests the admin sends by itself (the editor's presence ping every few seconds): they keep
# the session cookie fresh but are not activity, or an open editor would never time out.
BACKGROUND_VIEWS = frozenset({"wagtailadmin_editing_sessions:ping"})
# Writing the session on every request only to move the clock by seconds is wasted work.
ACTIVITY_RESOLUTION_SECONDS = 60

_END_REASON_ATTR = "_xiuying_session_end_reason"


def session_end_reason(*, session_token, account_token, last_activity, now, idle_seconds):
    """Pure: why this session must end now, or None while it is the account's live one."""
    if not session_token:
        return UNTRACKED
    if not account_token or not secrets.compare_digest(session_token, account_token):
        return SUPERSEDED
    if last_activity is not None and now - last_activity > idle_seconds:
        return IDLE
    return None


def end_message(reason: str) -> str:
    if reason == IDLE:
        return SESSION_IDLE.format(minutes=get_setting("SESSION_IDLE_MINUTES"))
    return SESSION_SUPERSEDED if reason == SUPERSEDED else SESSION_UNTRACKED


def account_session_token(*, user) -> str | None:
    return AccountSession.objects.filter(user_id=user.pk).values_list("token", flat=True).first()


def account_session_start(*, user, request) -> AccountSession:
    """Make this request's session the account's only live one."""
    token = secrets.token_urlsafe(32)
    account_session, _ = AccountSession.objects.update_or_create(
        user=user,
        defaults={
            "token": token,
            "started_at": timezone.now(),
            "ip_address": client_ip(request) or None,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )
    request.session[SESSION_TOKEN_KEY] = token
    request.session[LAST_ACTIVITY_KEY] = int(time.time())
    return account_session


def account_session_end(*, request, reason: str) -> None:
    """Sign this session out, record why, and leave the reason for the sign-in page."""
    user = request.user
    security_event_record(
        SecurityEvent.Kind.SESSION_ENDED, request=request, user=user, reason=reason
    )
    logger.info("session of %s ended: %s", user.get_username(), reason)
    setattr(request, _END_REASON_ATTR, reason)
    logout(request)
    messages.warning(request, end_message(reason))


def _activity_touch(request, now: int) -> None:
    if request.resolver_match and request.resolver_match.view_name in BACKGROUND_VIEWS:
        return
    if now - request.session.get(LAST_ACTIVITY_KEY, 0) >= ACTIVITY_RESOLUTION_SECONDS:
        request.session[LAST_ACTIVITY_KEY] = now


class AccountSessionMiddleware:
    """Ends sessions that a newer sign-in replaced or that sat idle too long.

    Works in ``process_view`` so that the message framework, installed after it, is ready.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        now = int(time.time())
        reason = session_end_reason(
            session_token=request.session.get(SESSION_TOKEN_KEY),
            account_token=account_session_token(user=request.user),
            last_activity=request.session.get(LAST_ACTIVITY_KEY),
            now=now,
            idle_seconds=get_setting("SESSION_IDLE_MINUTES") * 60,
        )
        if reason:
            account_session_end(request=request, reason=reason)
        else:
            _activity_touch(request, now)
        return None


@receiver(user_logged_in, dispatch_uid="xiuying_account_session_start")
def _session_start_on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        account_session_start(user=user, request=request)


@receiver(user_logged_out, dispatch_uid="xiuying_account_session_sign_out")
def _sign_out_recorded(sender, request, user, **kwargs):
    if user is None or request is None or getattr(request, _END_REASON_ATTR, None):
        return
    security_event_record(SecurityEvent.Kind.LOGOUT, request=request, user=user)
    token = request.session.get(SESSION_TOKEN_KEY)
    if token:
        AccountSession.objects.filter(user_id=user.pk, token=token).delete()
