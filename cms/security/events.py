"""Recording security events (R-13..R-18). The retention rule that protects them (R-14; 6 months by
the Cybersecurity Law, article 21) is the model's (``SecurityEvent.check_deletable``)."""

from cms.security.client_ip import client_ip
from cms.security.seals import security_event_append


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
