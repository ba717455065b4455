"""Brute-force lockout on the admin sign-in (R-13), built on django-axes.

Axes counts failures per username *and* client address (``AXES_LOCKOUT_PARAMETERS``), takes the
address from ``cms.security.client_ip.client_ip`` (``AXES_CLIENT_IP_CALLABLE``) and answers a
locked attempt with ``lockout_response`` (``AXES_LOCKOUT_CALLABLE``). This module adds the Chinese
lockout page, the register of current locks with who may lift them, and the security events of
sign-ins, failures, lockouts and unlocks. Docs: https://django-axes.readthedocs.io/en/latest/
"""

import logging
import math
from datetime import datetime, timedelta

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from cms.core.office_time import office_text
from cms.core.selectors import user_roles
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent

logger = logging.getLogger(__name__)

LOCKED_OUT = "登录失败次数过多，账号“{username}”已在您当前的网络地址上锁定{minutes}分钟。"
LOCKED_OUT_HINT = "请稍后再试；如确需立即登录，请联系网站专管员核实身份后解除锁定。"
UNLOCK_NOT_ALLOWED = "只有网站专管员可以解除登录锁定。"
UNLOCKED = "已解除账号“{username}”在地址 {address} 上的登录锁定。"


# Rules.


def may_lift_locks(*, roles: frozenset[str], is_superuser: bool) -> bool:
    return is_superuser or "site_specialist" in roles


def user_may_lift_locks(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return may_lift_locks(roles=user_roles(user), is_superuser=user.is_superuser)


def cool_off() -> timedelta:
    return get_cool_off() or timedelta(0)


def local_time(value: datetime | None) -> str:
    return office_text(value)


# Selectors.


def locks_active(*, now: datetime | None = None):
    """The latest attempt row of each username and address whose failures within the cool-off
    reach the limit. Axes keeps one row per user agent too, so the failures are summed per pair
    exactly as axes sums them when it decides."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=(now or timezone.now()) - cool_off())
    pair = recent.filter(username=OuterRef("username"), ip_address=OuterRef("ip_address"))
    total = pair.order_by().values("username").annotate(total=Sum("failures_since_start"))
    latest = pair.order_by("-attempt_time", "-pk").values("pk")[:1]
    return recent.annotate(
        pair_failures=Subquery(total.values("total")), latest_pk=Subquery(latest)
    ).filter(pair_failures__gte=get_failure_limit(None, None), pk=F("latest_pk"))


def lock_expires_at(attempt: AccessAttempt) -> datetime:
    return attempt.attempt_time + cool_off()


def lock_seconds_left(*, username: str, address: str | None, now: datetime | None = None) -> int:
    """Seconds until the lock of ``username`` at ``address`` lifts (for ``Retry-After``): the
    cool-off runs from the pair's latest attempt, which every attempt during the lock renews."""
    attempts = AccessAttempt.objects.filter(username=username, ip_address=address)
    latest = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    if latest is None:
        return int(cool_off().total_seconds())
    left = (latest + cool_off() - (now or timezone.now())).total_seconds()
    return max(math.ceil(left), 1)


# Services.


@transaction.atomic
def lockout_lift(*, attempt: AccessAttempt, request) -> int:
    """Lift the lock of the attempt's username at its address; the other pairs stay locked."""
    if not user_may_lift_locks(request.user):
        raise PermissionDenied(UNLOCK_NOT_ALLOWED)
    username, address = attempt.username, attempt.ip_address
    count, _ = AccessAttempt.objects.filter(username=username, ip_address=address).delete()
    security_event_record(
        SecurityEvent.Kind.UNLOCK, request=request, locked_username=username, locked_address=address
    )
    logger.info("lock of %s at %s lifted by %s", username, address, request.user.get_username())
    return count


def lockout_response(request, original_response=None, credentials=None):
    """The Chinese lockout page (``AXES_LOCKOUT_CALLABLE``), with ``Retry-After``."""
    username = get_client_username(request, credentials) or ""
    context = {
        "message": LOCKED_OUT.format(
            username=username, minutes=int(cool_off().total_seconds() // 60)
        ),
        "hint": LOCKED_OUT_HINT,
    }
    response = render(
        request, "security/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    address = getattr(request, "axes_ip_address", None)
    response["Retry-After"] = str(lock_seconds_left(username=username, address=address))
    return response


# Receivers: thin, connected by the app's ready() (cms/security/apps.py).


@receiver(user_logged_in, dispatch_uid="xiuying_login_success")
def _login_success_recorded(sender, request, user, **kwargs):
    security_event_record(SecurityEvent.Kind.LOGIN_SUCCESS, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="xiuying_login_failure")
def _login_failure_recorded(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, request=request, username=username)


@receiver(user_locked_out, dispatch_uid="xiuying_lockout")
def _lockout_recorded(sender, request, username, ip_address, **kwargs):
    # Axes signals again on every attempt during a lock; the lock itself is recorded once, when
    # the failures first reach the limit (those attempts are login failures already).
    failures = getattr(request, "axes_failures_since_start", None)
    limit = get_failure_limit(request, getattr(request, "axes_credentials", None))
    if failures != limit:
        return
    security_event_record(
        SecurityEvent.Kind.LOCKOUT, request=request, username=str(username or "")[:150]
    )
