"""The API's errors: a stable code for programs, a Chinese message for people."""

import json

from django.http import HttpResponse

ARTICLE_NOT_FOUND = "该信息不存在、未发布或已下线。"
COLUMN_NOT_FOUND = "该栏目不存在或未公开。"
NOT_FOUND = "请求的地址不存在。"
INVALID_REQUEST = "请求参数不正确。"
RATE_LIMITED = "请求过于频繁，请稍后再试。"
PREVIEW_INVALID = "预览链接无效。"
PREVIEW_EXPIRED = "预览链接已过期，请在后台重新生成。"
PREVIEW_GONE = "该预览版本已不存在。"
METHOD_NOT_ALLOWED = "不支持该请求方法，接口只读。"
SERVER_ERROR = "服务器内部错误，请稍后再试。"
DOCS_DISABLED = "接口文档页面未开启。"


class ApiError(Exception):
    """Raised by endpoints; the API turns it into ``{"code", "message"}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, fields=()):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, list(fields)


def error_body(code: str, message: str, fields=()) -> dict:
    return {"code": code, "message": message, "fields": list(fields)}


def error_response(status: int, code: str, message: str, fields=()) -> HttpResponse:
    """For paths outside django-ninja's operations (404 of unknown paths, 405, 429)."""
    body = json.dumps(error_body(code, message, fields), ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
