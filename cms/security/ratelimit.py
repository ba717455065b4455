"""Rate limits per client address (R-13), with django-ratelimit on the default cache (Redis when
``REDIS_URL`` is set, so every worker shares the counts).

``LoginRateLimitMiddleware`` limits sign-in POSTs and password-reset POSTs to the admin whatever
view serves those pages (the two-factor work may replace the sign-in); the reset mails are
limited per account too (``cms.security.password_reset``). ``rate_limited(group, rate)`` is the
decorator for the public API's views. Both answer 429 in Chinese with ``Retry-After``; the
address is always ``cms.security.client_ip.client_ip``.
"""

import functools
from html import escape

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django_ratelimit.core import get_usage

from cms.conf import get_setting
from cms.security.client_ip import client_ip

TOO_MANY_REQUESTS = "请求过于频繁，请稍后再试。"
TOO_MANY_SIGNINS = "登录尝试过于频繁，请稍后再试。"
TOO_MANY_RESETS = "重置密码的申请过于频繁，请稍后再试。"
LOGIN_GROUP = "xiuying.admin_login"
RESET_GROUP = "xiuying.password_reset"
_PAGE = (
    '<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8">'
    "<title>{message}</title></head><body><h1>429</h1><p>{message}</p></body></html>"
)


def client_ip_key(group, request) -> str:
    return client_ip(request)


def usage(request, *, group: str, rate: str, key=client_ip_key) -> dict | None:
    """Count this request against ``group`` (per client address unless ``key`` says otherwise);
    None when rate limiting is off."""
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


class LoginRateLimitMiddleware:
    """Per client address, before any work is done for the request: ``LOGIN_RATE_LIMIT`` (10/m)
    sign-in POSTs, before django-axes counts them, and ``PASSWORD_RESET_RATE_LIMIT`` (10/h)
    password-reset POSTs."""

    # (URL name, rate-limit group, option with the rate, message)
    LIMITED = (
        ("wagtailadmin_login", LOGIN_GROUP, "LOGIN_RATE_LIMIT", TOO_MANY_SIGNINS),
        ("wagtailadmin_password_reset", RESET_GROUP, "PASSWORD_RESET_RATE_LIMIT", TOO_MANY_RESETS),
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            for url_name, group, option, message in self.LIMITED:
                if request.path == reverse(url_name):
                    counted = usage(request, group=group, rate=get_setting(option))
                    if counted and counted["should_limit"]:
                        return self._refuse(request, group, counted, message)
        return self.get_response(request)

    def _refuse(self, request, group, counted, message):
        if group == RESET_GROUP:
            from cms.security.password_reset import password_reset_address_limited

            password_reset_address_limited(request=request, counted=counted)
        return too_many_page(counted, message)
