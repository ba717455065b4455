"""The client's address, for lockout, rate limits and the audit log alike (R-13, R-17).

``X-Forwarded-For`` is believed only when the request comes from a configured proxy, and then
only as far as the chain of trusted proxies reaches: a client cannot forge its address, and
clients without the header are not lumped into one bucket.
"""

from ipaddress import ip_address, ip_network

from cms.core.conf import get_setting


def _trusted(address: str, networks) -> bool:
    try:
        return any(ip_address(address) in network for network in networks)
    except ValueError:
        return False


def client_ip_from(remote_addr: str, forwarded_for: str, trusted_proxies) -> str:
    """Pure: walk ``X-Forwarded-For`` from the right while each hop is a trusted proxy."""
    networks = [ip_network(proxy, strict=False) for proxy in trusted_proxies]
    address = remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    while hops and _trusted(address, networks):
        address = hops.pop()
    try:
        return str(ip_address(address))
    except ValueError:
        return remote_addr


def client_ip(request) -> str:
    return client_ip_from(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        get_setting("TRUSTED_PROXIES"),
    )
