"""The read-only API for the WeChat mini-program (R-24), mounted at ``/api/v1/``.

Wagtail's own read-write v3 API is never mounted publicly; this one only reads. The OpenAPI
document is at ``/api/v1/openapi.json``; the interactive docs at ``/api/v1/docs`` answer only
while ``settings.API_DOCS_ENABLED`` is on (off in production unless asked for).
"""

import functools
import logging

from django.conf import settings
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from cms.api.errors import (
    DOCS_DISABLED,
    INVALID_REQUEST,
    NOT_FOUND,
    SERVER_ERROR,
    ApiError,
    error_body,
    error_response,
)
from cms.api.views import router

logger = logging.getLogger(__name__)


class CompactJSONRenderer(JSONRenderer):
    # Chinese as UTF-8 (3 bytes a character) rather than \u escapes (6): pages stay small.
    json_dumps_params = {"ensure_ascii": False, "separators": (",", ":")}


def docs_enabled(view):
    """The docs page only (ninja's ``docs_decorator`` would hide the OpenAPI document too)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.API_DOCS_ENABLED:
            return error_response(404, "docs_disabled", DOCS_DISABLED)
        return view(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="秀英党建网小程序接口",
    version="1",
    description=(
        "只读接口：已发布、公开、经完整审批链核准的信息。错误返回 {code, message, fields}。"
        "\n\n"
        "- 每个接口都接受 GET 和 HEAD（HEAD 的状态和响应头与 GET 相同，没有响应体）；"
        "其他方法返回 405。\n"
        "- 请求行（地址连同参数）最长 8000 字节；更长的请求由前端代理返回 414，"
        "格式同上（code 为 uri_too_long）。\n"
        "- title、summary 是纯文本：保存时已去掉标签，客户端须作为文本绑定（如 {{title}}），"
        "不要当作 HTML 或 <rich-text> 渲染；只有 body_html / body_nodes 是富文本。"
    ),
    urls_namespace="xiuying_api",
    renderer=CompactJSONRenderer(),
)
api.add_router("", router)


def _fields(error: ValidationError) -> list[str]:
    return [".".join(str(part) for part in item.get("loc", ())[1:]) for item in error.errors]


@api.exception_handler(ApiError)
def on_api_error(request, error: ApiError):
    body = error_body(error.code, error.message, error.fields)
    return api.create_response(request, body, status=error.status)


@api.exception_handler(ValidationError)
def on_invalid(request, error: ValidationError):
    body = error_body("invalid_request", INVALID_REQUEST, _fields(error))
    return api.create_response(request, body, status=400)


@api.exception_handler(Http404)
def on_not_found(request, error):
    return api.create_response(request, error_body("not_found", NOT_FOUND), status=404)


@api.exception_handler(HttpError)
def on_http_error(request, error: HttpError):
    body = error_body(f"http_{error.status_code}", str(error.message))
    return api.create_response(request, body, status=error.status_code)


@api.exception_handler(Exception)
def on_server_error(request, error):
    logger.exception("API request failed: %s", request.path)
    return api.create_response(request, error_body("server_error", SERVER_ERROR), status=500)
