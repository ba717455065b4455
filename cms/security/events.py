"""Recording security events, and the retention rule that protects them (R-14; 6 months by the
Cybersecurity Law, article 21)."""

from datetime import timedelta

from django.utils import timezone

from cms.core.conf import get_setting
from cms.security.client_ip import client_ip
from cms.security.models import SECURITY_EVENT_RETAINED, SecurityEventRetained
from cms.security.seals import security_event_append


def retention_cutoff():
    return timezone.now() - timedelta(days=get_setting("SECURITY_EVENT_RETENTION_DAYS"))


def check_deletable(queryset) -> None:
    """Refuse to delete any event younger than the retention period."""
    days = get_setting("SECURITY_EVENT_RETENTION_DAYS")
    if queryset.filter(occurred_at__gt=retention_cutoff()).exists():
        raise SecurityEventRetained(SECURITY_EVENT_RETAINED.format(days=days))


def security_event_record(kind, *, request=None, user=None, username="", **detail):
    """Append one sealed event; the address comes from the project's one client-address
    function."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return security_event_append(
        kind=kind,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
        detail=detail,
    )
