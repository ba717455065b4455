"""The probes' answers, routed by ``cms.ops.middleware.HealthCheckMiddleware``."""

from django.http import JsonResponse

from cms.ops import health


def _no_store(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "no-store"
    return response


def healthz(request) -> JsonResponse:
    """The process answers: no database, no cache, nothing that could be slow."""
    return _no_store(JsonResponse({"status": "ok"}))


def readyz(request) -> JsonResponse:
    """200 when every dependency answers, 503 otherwise, with each check's result and time."""
    checks = health.readiness()
    ok = all(check.ok for check in checks.values())
    body = {
        "status": "ok" if ok else "fail",
        "checks": {name: check.as_dict() for name, check in checks.items()},
    }
    response = JsonResponse(body, status=200 if ok else 503)
    # Each failed check was logged with its reason; no second "Service Unavailable" line.
    response._has_been_logged = True
    return _no_store(response)
