"""The reader's display settings (适老化, GB/T 37668-2019): large type and high contrast, kept
in a cookie and applied on the server, so the switch works without JavaScript."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

COOKIE = "xiuying_display"
FLAGS = ("large", "contrast")
COOKIE_SECONDS = 365 * 24 * 3600


def display_flags(raw: str | None) -> frozenset[str]:
    """Pure: the known flags in a cookie value (``"contrast,large"``), anything else ignored."""
    return frozenset(flag for flag in (raw or "").split(",") if flag in FLAGS)


def display_toggle(flags: frozenset[str], name: str) -> frozenset[str]:
    """Pure: ``flags`` with ``name`` switched; an unknown name changes nothing."""
    if name not in FLAGS:
        return flags
    return flags - {name} if name in flags else flags | {name}


def cookie_value(flags: frozenset[str]) -> str:
    return ",".join(sorted(flags))


def request_flags(request) -> frozenset[str]:
    return display_flags(request.COOKIES.get(COOKIE))


def safe_next(request, target: str | None) -> str:
    """Back to the page the reader came from, never to another site."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def display_switch(request, name: str):
    """``/display/<name>/?next=/path/``: switch ``name`` and go back."""
    flags = display_toggle(request_flags(request), name)
    response = HttpResponseRedirect(safe_next(request, request.GET.get("next")))
    response.set_cookie(
        COOKIE,
        cookie_value(flags),
        max_age=COOKIE_SECONDS,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return response
