"""Request ids, the request log, and the load balancer's probes.

``RequestIdMiddleware`` comes first: it adopts the proxy's ``X-Request-ID`` when it looks sane
(a forged header cannot inject text into the logs) or makes one, and every log record of the
request carries it (``cms.ops.logging``). ``HealthCheckMiddleware`` comes next and answers
``/healthz`` and ``/readyz`` before anything else runs: no session, CSRF, sign-in gates, HTTPS
redirect (probes speak plain HTTP to the app server) or ALLOWED_HOSTS check (probes use the
server's address as Host).
"""

import logging
import re
import time
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver

from cms.ops import views
from cms.ops.logging import NO_REQUEST, request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
HEALTH_VIEWS = {"/healthz": views.healthz, "/readyz": views.readyz}

request_log = logging.getLogger("xiuying.request")


def request_id_from(header: str | None) -> str:
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        # Kept until the response is closed (below), so that Django's own "Not Found" and
        # error lines, written after the middleware returns, carry it too.
        request_id_var.set(request.request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        if request.path_info not in HEALTH_VIEWS:
            _log_request(request, response, started)
        return response


def _log_request(request, response, started: float) -> None:
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    request_log.info(
        "%s %s %s %.1fms",
        request.method,
        request.path,
        response.status_code,
        duration_ms,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        },
    )


@receiver(request_finished, dispatch_uid="xiuying_request_id_clear")
def _clear_request_id(**kwargs):
    request_id_var.set(NO_REQUEST)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_VIEWS.get(request.path_info)
        return view(request) if view else self.get_response(request)
