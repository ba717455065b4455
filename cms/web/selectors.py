"""Reads for the public pages, all over the API's ``published_articles`` and
``published_columns`` (``cms/api/selectors.py``): nothing here decides what is public. Each
read is one query whatever the size of a column."""

from django.db.models import F, Max, Min, Q
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber, Substr
from wagtail.models import Page

from cms.api.selectors import (
    LISTING_FIELDS,
    NEWEST_FIRST,
    Scope,
    published_articles,
    published_columns,
)
from columns.models import ArticlePage, ColumnPage
from home.models import SiteFooter
from workflows import release_dates
from workflows.models import ReleaseLogEntry

_NEWEST = (F("first_published_at").desc(), F("pk").desc())


def page_in_scope(scope: Scope, page) -> bool:
    """Whether the public may open ``page``: the site's home page, a published column or a
    published item; nothing else (one query)."""
    if scope.root is None or page.pk is None:
        return False
    if page.pk == scope.root.pk:
        return Page.objects.filter(pk=page.pk).exclude(scope.hidden).exists()
    if isinstance(page, ColumnPage):
        return published_columns(scope).filter(pk=page.pk).exists()
    if isinstance(page, ArticlePage):
        return published_articles(scope).filter(pk=page.pk).exists()
    return False


def rows_by_ids(ids: list[int]) -> list[dict]:
    """Listing rows for ``ids`` in that order, ids taken from a published listing of the
    current content generation (``cms/web/context.py``): one plain query by primary key."""
    if not ids:
        return []
    rows = ArticlePage.objects.filter(pk__in=ids).values(*LISTING_FIELDS)
    by_pk = {row["pk"]: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def release_times(ids) -> dict[int, dict]:
    """When each item was first released and when its current version was, from the release
    log (R-11): ``{pk: {"released_at", "updated_at"}}``; never a date typed by hand."""
    rows = (
        ReleaseLogEntry.objects.filter(kind=ReleaseLogEntry.Kind.RELEASE, article_page_id__in=ids)
        .values("article_page_id")
        .annotate(released_at=Min("recorded_at"), updated_at=Max("recorded_at"))
    )
    return {row.pop("article_page_id"): row for row in rows}


def latest_release(articles):
    """When the newest release among ``articles`` was logged (R-11), else None."""
    return release_dates.last_release_among(articles)


def latest_by_top_column(scope: Scope, *, per_column: int) -> list[dict]:
    """The newest ``per_column`` items under each top-level column (sub-columns included), as
    listing rows with ``top_path``, in one query (a window function)."""
    if scope.root is None:
        return []
    top = Substr("path", 1, (scope.root.depth + 1) * Page.steplen)
    ranked = published_articles(scope).annotate(
        top_path=top, rank=Window(RowNumber(), partition_by=[top], order_by=_NEWEST)
    )
    rows = ranked.filter(rank__lte=per_column).values(*LISTING_FIELDS, "top_path")
    return list(rows.order_by("top_path", *NEWEST_FIRST))


def articles_under(scope: Scope, column_paths: list[str]):
    """Published items in the columns at ``column_paths`` and their sub-columns."""
    if not column_paths:
        return published_articles(scope).none()
    under = Q()
    for path in column_paths:
        under |= Q(path__startswith=path)
    return published_articles(scope).filter(under)


def newest_rows(articles, *, count: int) -> list[dict]:
    return list(articles.order_by(*NEWEST_FIRST).values(*LISTING_FIELDS)[:count])


def with_cover(scope: Scope):
    return published_articles(scope).exclude(cover_image=None)


def _neighbour(siblings, page, *, newer: bool):
    when, pk = page.first_published_at, page.pk
    if newer:
        after = Q(first_published_at__gt=when) | Q(first_published_at=when, pk__gt=pk)
        order = ("first_published_at", "pk")
    else:
        after = Q(first_published_at__lt=when) | Q(first_published_at=when, pk__lt=pk)
        order = NEWEST_FIRST
    return siblings.filter(after).order_by(*order).values("title", "url_path").first()


def article_neighbours(scope: Scope, page) -> dict:
    """The items released just before and just after ``page`` in its own column (two
    queries); none for a page not released yet."""
    if page.first_published_at is None or not page.path:
        return {"older": None, "newer": None}
    parent_path = page.path[: -Page.steplen]
    siblings = (
        published_articles(scope)
        .filter(path__startswith=parent_path, depth=page.depth)
        .exclude(pk=page.pk)
    )
    return {
        "older": _neighbour(siblings, page, newer=False),
        "newer": _neighbour(siblings, page, newer=True),
    }


def home_page(scope: Scope):
    """The site's home page as its specific class, unless a view restriction covers it."""
    model = scope.root.specific_class or Page
    return model.objects.filter(pk=scope.root.pk).exclude(scope.hidden).first()


def column_page(column_id: int):
    """A column of the published column tree (``column_refs``), as a ``ColumnPage``."""
    return ColumnPage.objects.filter(pk=column_id).first()


def article_page(scope: Scope, *, parent_path: str, slug: str):
    """The published item ``slug`` among the children of the page at tree path
    ``parent_path``, else None."""
    children = published_articles(scope).filter(
        path__startswith=parent_path, depth=len(parent_path) // Page.steplen + 1
    )
    return children.filter(slug=slug).select_related("source_unit").first()


def site_footer():
    """The default site's footer settings (made empty on first read, as Wagtail's are)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return SiteFooter.for_site(site) if site else None
