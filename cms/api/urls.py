"""``path("api/v1/", include("cms.api.urls"))``: the API, then JSON for everything else under it
(unknown paths 404, other methods than GET and HEAD 405), never the site's HTML pages. HEAD is
answered as GET without the body (RFC 9110 9.3.2), as the API's document says. Responses that no
operation wrapper dated (the OpenAPI document, these errors) get their ETag and Last-Modified
here, so every response under /api/v1/ carries both."""

import functools

from django.urls import re_path

from cms.api import cache
from cms.api.api import api, docs_enabled
from cms.api.errors import METHOD_NOT_ALLOWED, NOT_FOUND, error_response


def _json_405(response):
    json = error_response(405, "method_not_allowed", METHOD_NOT_ALLOWED)
    json["Allow"] = "GET, HEAD"
    return json


def _dated(response, request):
    if response.has_header("ETag") or getattr(response, "streaming", False):
        return response
    dated = cache.http_response(
        request,
        cache.rendered_of(response),
        last_modified=cache.generation()["stamp"],
        cache_control=cache.public_cache_control(),
    )
    if response.has_header("Allow"):
        dated["Allow"] = response["Allow"]
    return dated


def _finished(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # django-ninja routes GET only
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            response = _json_405(response)
        response = _dated(response, request)
        if not head:
            return response
        request.method = "HEAD"  # as the request log should say
        return _without_body(response)

    return wrapped


def _without_body(response):
    length = len(response.content)
    response.content = b""
    response["Content-Length"] = str(length)
    return response


@_finished
def not_found(request, rest=""):
    return error_response(404, "not_found", NOT_FOUND)


def _urlpatterns():
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        if pattern.name == "openapi-view":
            pattern.callback = docs_enabled(pattern.callback)
        pattern.callback = _finished(pattern.callback)
    return patterns


app_name = "xiuying_api"
urlpatterns = [*_urlpatterns(), re_path(r"^(?P<rest>.*)$", not_found)]
