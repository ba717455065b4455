"""``path("api/v1/", include("cms.api.urls"))``: the API, then JSON for everything else under it
(unknown paths 404, other methods than GET 405), never the site's HTML pages."""

import functools

from django.urls import re_path

from cms.api.api import api, docs_enabled
from cms.api.errors import METHOD_NOT_ALLOWED, NOT_FOUND, error_response


def _json_405(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        json = error_response(405, "method_not_allowed", METHOD_NOT_ALLOWED)
        json["Allow"] = response.get("Allow", "GET")
        return json

    return wrapped


def not_found(request, rest=""):
    return error_response(404, "not_found", NOT_FOUND)


def _urlpatterns():
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_405(pattern.callback)
        if pattern.name == "openapi-view":
            pattern.callback = docs_enabled(pattern.callback)
    return patterns


app_name = "xiuying_api"
urlpatterns = [*_urlpatterns(), re_path(r"^(?P<rest>.*)$", not_found)]
