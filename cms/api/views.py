"""The endpoints: each validates its input, calls the selectors and returns a schema (R-24)."""

from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from ninja import Path, Query, Router
from ninja.decorators import decorate_view

from cms.api import cache, payloads, selectors
from cms.api.errors import ARTICLE_NOT_FOUND, COLUMN_NOT_FOUND, ApiError
from cms.api.http import preview_endpoint, public_endpoint
from cms.api.preview import preview_article, preview_grant, preview_screening
from cms.api.schemas import (
    ArticleListOut,
    ArticleOut,
    ArticleParams,
    ArticlePath,
    ColumnOut,
    ColumnPath,
    ErrorOut,
    PreviewOut,
    SearchParams,
    SiteOut,
    TokenPath,
)
from cms.compliance.visits import counts_article_reads
from cms.core.conf import get_setting

router = Router()
# 414: a request line over 8190 bytes, answered by gunicorn's limit or the proxy (docs/deploy.md)
# in the same JSON shape, never reaching these operations.
ERRORS = {400: ErrorOut, 404: ErrorOut, 414: ErrorOut, 429: ErrorOut}
SEARCH = {"group": "xiuying.api.search", "rate_setting": "API_SEARCH_RATE_LIMIT"}


def _scope(request) -> selectors.Scope:
    token = request.xiuying_generation
    return cache.memoised(token, "scope", selectors.published_scope)


def _columns(request, scope) -> dict:
    token = request.xiuying_generation
    return cache.memoised(token, "columns", lambda: selectors.column_refs(scope))


def _count(request, filters, listed) -> int:
    """How many items a filter lists: it changes only with the content generation."""
    if filters.since:
        return listed.count()
    name = f"count:{filters.column_id}:{filters.kind}:{filters.unit_id}"
    return cache.memoised(request.xiuying_generation, name, listed.count)


def _page_size(page_size: int | None) -> int:
    return page_size or get_setting("API_PAGE_SIZE")


def _items(request, scope, rows) -> list[dict]:
    return payloads.listing_items(rows, _columns(request, scope))


def _column(scope, column_id: int):
    column = selectors.column_get(scope, column_id)
    if column is None:
        raise ApiError(404, "column_not_found", COLUMN_NOT_FOUND)
    return column


@router.get(
    "/site",
    response={200: SiteOut, 414: ErrorOut, 429: ErrorOut},
    summary="站点名称、栏目树、最近更新",
)
@decorate_view(public_endpoint())
def site(request: HttpRequest):
    scope = _scope(request)
    depth = scope.root.depth if scope.root else 1
    latest = selectors.latest_update(selectors.published_articles(scope))
    return payloads.site_payload(_columns(request, scope), depth, latest)


@router.get("/columns/{column_id}", response={200: ColumnOut, **ERRORS}, summary="栏目及子栏目")
@decorate_view(public_endpoint())
def column(request: HttpRequest, path: Path[ColumnPath]):
    scope = _scope(request)
    found = _column(scope, path.column_id)
    latest = selectors.latest_update(selectors.published_articles(scope).descendant_of(found))
    return payloads.column_payload(found, _columns(request, scope), latest)


@router.get("/articles", response={200: ArticleListOut, **ERRORS}, summary="信息列表，最新在前")
@decorate_view(public_endpoint())
def articles(request: HttpRequest, params: Query[ArticleParams]):
    scope = _scope(request)
    found = _column(scope, params.column) if params.column else None
    filters = selectors.ArticleFilters(params.column, params.kind, params.unit, params.since)
    listed = selectors.articles_filter(scope, filters, found)
    size = _page_size(params.page_size)
    start = (params.page - 1) * size
    rows = selectors.article_rows(listed, start=start, stop=start + size)
    page = {"count": _count(request, filters, listed), "page": params.page, "page_size": size}
    return {**page, "items": _items(request, scope, rows)}


@router.get("/articles/{article_id}", response={200: ArticleOut, **ERRORS}, summary="信息全文")
@decorate_view(public_endpoint(), counts_article_reads)  # reads counted outside the cache
def article(request: HttpRequest, path: Path[ArticlePath]):
    scope = _scope(request)
    found = selectors.article_get(scope, path.article_id)
    if found is None:
        raise ApiError(404, "article_not_found", ARTICLE_NOT_FOUND)
    return payloads.article_detail(found, _columns(request, scope))


@router.get("/search", response={200: ArticleListOut, **ERRORS}, summary="中文全文检索")
@decorate_view(public_endpoint(**SEARCH))
def search(request: HttpRequest, params: Query[SearchParams]):
    scope = _scope(request)
    size = _page_size(params.page_size)
    start = (params.page - 1) * size
    count, ids = selectors.article_search_ids(scope, params.q, start=start, stop=start + size)
    rows = selectors.article_rows_by_ids(scope, ids)
    return {
        "count": count,
        "page": params.page,
        "page_size": size,
        "items": _items(request, scope, rows),
    }


@router.get(
    "/preview/{token}",
    response={200: PreviewOut, **ERRORS, 403: ErrorOut, 410: ErrorOut},
    summary="审批人预览草稿（令牌在后台“在小程序中预览”生成）",
)
@decorate_view(preview_endpoint)
def preview(request: HttpRequest, response: HttpResponse, path: Path[TokenPath]):
    grant = preview_grant(path.token)
    found, revision = preview_article(grant)
    response["Last-Modified"] = http_date(revision.created_at.timestamp())
    columns = selectors.column_refs(selectors.published_scope())
    detail = payloads.article_detail(found, columns)
    screening = preview_screening(found)
    return {**detail, "revision_id": revision.pk, "expires_at": grant.expires_at, **screening}
