"""Rate limits per client address (R-13), with django-ratelimit on the default cache (Redis when
``REDIS_URL`` is set, so every worker shares the counts).

``LoginRateLimitMiddleware`` limits sign-in POSTs to the admin whatever view serves the sign-in
page (the two-factor work may replace it): per address and username (``LOGIN_RATE_LIMIT``), and
per address whatever the username (``LOGIN_ADDRESS_RATE_LIMIT``, a higher ceiling), so that a
whole office signing in at 8:30 through one NAT address is not taken for one attacker. It limits
password-reset POSTs per address too; the reset mails are limited per account as well
(``cms.security.password_reset``). ``rate_limited(group, rate)`` is the decorator for the public
API's views. Both answer 429 in Chinese with ``Retry-After``; the address is always
``cms.security.client_ip.client_ip``.
"""

import functools
from html import escape

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django_ratelimit.core import get_usage

from cms.core.conf import get_setting
from cms.security.client_ip import client_ip

TOO_MANY_REQUESTS = "请求过于频繁，请稍后再试。"
TOO_MANY_SIGNINS = "登录尝试过于频繁，请稍后再试。"
TOO_MANY_RESETS = "重置密码的申请过于频繁，请稍后再试。"
LOGIN_GROUP = "xiuying.admin_login"
RESET_GROUP = "xiuying.password_reset"
LOGIN_ADDRESS_GROUP = "xiuying.admin_login_address"
_PAGE = (
    '<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8">'
    "<title>{message}</title></head><body><h1>429</h1><p>{message}</p></body></html>"
)


def client_ip_key(group, request) -> str:
    return client_ip(request)


def sign_in_key(group, request) -> str:
    """The client address and the username tried (case and spaces aside)."""
    username = str(request.POST.get("username", "")).strip().lower()[:150]
    return f"{client_ip(request)} {username}"


def usage(request, *, group: str, rate: str, key=client_ip_key) -> dict | None:
    """Count this request against ``group``; None when rate limiting is off."""
    return get_usage(request, group=group, key=key, rate=rate, increment=True)


def _retry_after(counted: dict) -> str:
    return str(max(int(counted.get("time_left", 60)), 1))


def too_many_page(counted: dict, message: str = TOO_MANY_SIGNINS) -> HttpResponse:
    response = HttpResponse(_PAGE.format(message=escape(message)), status=429)
    response["Retry-After"] = _retry_after(counted)
    return response


def too_many_json(counted: dict) -> JsonResponse:
    response = JsonResponse({"detail": TOO_MANY_REQUESTS}, status=429)
    response["Retry-After"] = _retry_after(counted)
    return response


def rate_limited(group: str, rate: str):
    """Limit a view to ``rate`` (e.g. ``"60/m"``) per client address; 429 JSON beyond it.

    Works on plain Django views and django-ninja operations (the wrapper keeps the signature).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            counted = usage(request, group=group, rate=rate)
            if counted and counted["should_limit"]:
                return too_many_json(counted)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def sign_in_usage(request) -> dict | None:
    """Count a sign-in against both limits; the one that refuses it, else the pair's count."""
    pair = usage(request, group=LOGIN_GROUP, rate=get_setting("LOGIN_RATE_LIMIT"), key=sign_in_key)
    address = usage(
        request, group=LOGIN_ADDRESS_GROUP, rate=get_setting("LOGIN_ADDRESS_RATE_LIMIT")
    )
    limited = [counted for counted in (pair, address) if counted and counted["should_limit"]]
    return limited[0] if limited else pair


class LoginRateLimitMiddleware:
    """Before any work is done for the request: sign-in POSTs per address and username and per
    address (before django-axes counts them), and ``PASSWORD_RESET_RATE_LIMIT`` (10/h)
    password-reset POSTs per address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        if request.path == reverse("wagtailadmin_login"):
            counted = sign_in_usage(request)
            if counted and counted["should_limit"]:
                return too_many_page(counted, TOO_MANY_SIGNINS)
        elif request.path == reverse("wagtailadmin_password_reset"):
            rate = get_setting("PASSWORD_RESET_RATE_LIMIT")
            counted = usage(request, group=RESET_GROUP, rate=rate)
            if counted and counted["should_limit"]:
                return self._refuse(request, RESET_GROUP, counted, TOO_MANY_RESETS)
        return self.get_response(request)

    def _refuse(self, request, group, counted, message):
        if group == RESET_GROUP:
            from cms.security.password_reset import password_reset_address_limited

            password_reset_address_limited(request=request, counted=counted)
        return too_many_page(counted, message)
