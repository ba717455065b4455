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
    """200 when every dependency answers ("ok", or "warn" when only the background jobs' checks
    fail), 503 otherwise ("fail"), with each check's result and time."""
    checks = health.readiness()
    status = health.overall_status(checks)
    body = {
        "status": status,
        "checks": {name: check.as_dict() for name, check in checks.items()},
    }
    response = JsonResponse(body, status=503 if status == "fail" else 200)
    # Each failed check was logged with its reason; no second "Service Unavailable" line.
    response._has_been_logged = True
    return _no_store(response)
