"""Reads for the API: only live, public, approved content of the site, in a fixed number of
queries whatever the page size (R-04, R-08, R-24).

"Published" is defined once, in ``workflows.published``.
"""

from dataclasses import dataclass
from datetime import datetime

from columns.models import ArticlePage, ColumnPage
from workflows import release_dates
from workflows.published import (  # noqa: F401 - the API's reads of them
    Scope,
    published_articles,
    published_columns,
    published_scope,
    site_root,
)

LISTING_FIELDS = (
    "pk",
    "title",
    "summary",
    "item_kind",
    "path",
    "url_path",
    "first_published_at",
    "last_published_at",
    "cover_image_id",
    "source_unit_id",
    "source_unit__name",
)
NEWEST_FIRST = ("-first_published_at", "-pk")


@dataclass(frozen=True)
class ArticleFilters:
    column_id: int | None = None
    kind: str | None = None
    unit_id: int | None = None
    since: datetime | None = None


def column_get(scope: Scope, column_id: int) -> ColumnPage | None:
    return published_columns(scope).filter(pk=column_id).first()


def articles_filter(scope: Scope, filters: ArticleFilters, column: ColumnPage | None = None):
    articles = published_articles(scope)
    if column is not None:
        articles = articles.descendant_of(column)
    if filters.kind:
        articles = articles.filter(item_kind=filters.kind)
    if filters.unit_id:
        articles = articles.filter(source_unit_id=filters.unit_id)
    if filters.since:
        articles = articles.filter(last_published_at__gte=filters.since)
    return articles


def article_rows(articles, *, start: int, stop: int) -> list[dict]:
    """One page of listing rows as plain values; the body is never read for a listing."""
    return list(articles.order_by(*NEWEST_FIRST).values(*LISTING_FIELDS)[start:stop])


def article_rows_by_ids(scope: Scope, ids: list[int]) -> list[dict]:
    """Listing rows for ``ids`` in that order (search results are ranked elsewhere)."""
    rows = published_articles(scope).filter(pk__in=ids).values(*LISTING_FIELDS)
    rows = {row["pk"]: row for row in rows}
    return [rows[pk] for pk in ids if pk in rows]


def column_refs(scope: Scope) -> dict[str, dict]:
    """Every published column by tree path, to name the column of listed items in one query."""
    rows = published_columns(scope).values(
        "pk", "title", "slug", "column_kind", "path", "depth", "url_path"
    )
    return {row["path"]: row for row in rows.order_by("path")}


def article_get(scope: Scope, article_id: int) -> ArticlePage | None:
    return (
        published_articles(scope)
        .select_related("source_unit", "cover_image")
        .filter(pk=article_id)
        .first()
    )


def latest_update(articles) -> datetime | None:
    """The newest release among ``articles``, as the release log has it: the one definition of
    a last update that the assessment reports share (``workflows.release_dates``)."""
    return release_dates.last_release_among(articles)


def article_search_ids(scope: Scope, query: str, *, start: int, stop: int):
    """How many published items match ``query``, and the ids of those from ``start`` to
    ``stop``, best first."""
    # The search backends accept filters on indexed fields only; "published" is a subquery of ids.
    published = ArticlePage.objects.filter(pk__in=published_articles(scope).values("pk"))
    published = published.only("pk")
    results = published.search(query, operator="and", order_by_relevance=True)
    return results.count(), [page.pk for page in results[start:stop]]
