"""The password gate (R-16): an account whose password expired, or that must replace a password
someone else set, reaches nothing but the change-password page until it has changed it."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from cms.core.conf import get_setting
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent
from cms.security.passwords import (
    EXPIRED,
    EXPIRES_SOON_NOTICE,
    WARN,
    password_record_ensure,
    password_status_for,
)

WARNED_KEY = "xiuying_password_warned"
EXPIRY_RECORDED_KEY = "xiuying_password_expiry_recorded"


def _exempt(request) -> bool:
    match = request.resolver_match
    if match and match.view_name in get_setting("PASSWORD_GATE_EXEMPT_URL_NAMES"):
        return True
    path = request.path_info
    return any(prefix and path.startswith(prefix) for prefix in _file_prefixes())


def _file_prefixes():
    return (settings.STATIC_URL, settings.MEDIA_URL)


def _wants_page(request) -> bool:
    return request.method == "GET" and "text/html" in request.headers.get("Accept", "")


def _change_url(request) -> str:
    url = reverse("xiuying_password_change")
    return f"{url}?{urlencode({'next': request.get_full_path()})}" if _wants_page(request) else url


class PasswordExpiryMiddleware:
    """Works in ``process_view``, where the URL name is known and messages are ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or _exempt(request):
            return None
        status = password_status_for(record=password_record_ensure(user=request.user))
        if status.blocks:
            self._record_expiry_once(request, status.code)
            return redirect(_change_url(request))
        if status.code == WARN and _wants_page(request) and not request.session.get(WARNED_KEY):
            request.session[WARNED_KEY] = True
            messages.warning(request, EXPIRES_SOON_NOTICE.format(days=status.days_left))
        return None

    @staticmethod
    def _record_expiry_once(request, code: str) -> None:
        if code == EXPIRED and not request.session.get(EXPIRY_RECORDED_KEY):
            request.session[EXPIRY_RECORDED_KEY] = True
            security_event_record(SecurityEvent.Kind.PASSWORD_EXPIRED, request=request)
