"""Wagtail's database search backend with Chinese segmentation on both sides (R-24).

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.api.search_backend"}}``: the stock
database backend for the connection's vendor (SQLite FTS5, PostgreSQL, or the fallback), whose
indexer segments every indexed value and whose queries are segmented before they are compiled,
so the admin's search boxes and the API find the same items. Segmentation is in ``search``.
"""

import sys
from functools import cache

from modelsearch.backends import database
from modelsearch.backends.base import EmptySearchResults
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from cms.api.search import has_han, segment_for_index, segment_query, without_controls


def _segmented_text(text: str) -> str:
    return segment_query(text) if has_han(text) else without_controls(text).strip()


def segmented(query):
    """The query with every string in it segmented when Chinese, and without control
    characters; anything else unchanged."""
    if isinstance(query, str):
        return _segmented_text(query)
    if isinstance(query, PlainText):
        return PlainText(_segmented_text(query.query_string), operator=query.operator)
    if isinstance(query, Phrase):
        return Phrase(_segmented_text(query.query_string))
    if isinstance(query, (And, Or)):
        return type(query)([segmented(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(segmented(query.subquery))
    if isinstance(query, Boost):
        return Boost(segmented(query.subquery), query.boost)
    return query


def _has_han_query(query) -> bool:
    if isinstance(query, str):
        return has_han(query)
    if isinstance(query, (PlainText, Phrase)):
        return has_han(query.query_string)
    subqueries = getattr(query, "subqueries", None) or [getattr(query, "subquery", None)]
    return any(_has_han_query(subquery) for subquery in subqueries if subquery is not None)


class SegmentingMixin:
    segments_chinese = True

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = segmented(query)
        if isinstance(query, (PlainText, Phrase)) and not query.query_string:
            return EmptySearchResults()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        # The admin's search boxes autocomplete on titles only; a Chinese query there is a
        # full-text search over titles and bodies, as the API's, so both find the same items.
        if _has_han_query(query):
            return self.search(query, model_or_queryset, operator=operator, **kwargs)
        return super().autocomplete(query, model_or_queryset, fields, operator, **kwargs)


def _segmenting_indexer(stock):
    class SegmentingIndexer(stock):
        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            self.segments = getattr(backend, "segments_chinese", False)

        def prepare_value(self, value):
            if isinstance(value, (list, dict)) or not self.segments:
                return super().prepare_value(value)  # comes back here for each item
            return segment_for_index(super().prepare_value(value))

    return SegmentingIndexer


def _install_segmenting_indexer(stock_class) -> None:
    # The vendor's index looks its indexer class up in its module when it indexes, and offers
    # no hook to choose another, so the segmenting one takes its place there. It segments only
    # for backends of this module: a stock database backend configured beside it is unchanged.
    # (Only the connection's vendor module is touched: SQLite's cannot even be imported on
    # PostgreSQL.)
    module = sys.modules[stock_class.__module__]
    stock = getattr(module, "ObjectIndexer", None)
    if stock is not None and not getattr(stock, "segments_for_xiuying", False):
        module.ObjectIndexer = _segmenting_indexer(stock)
        module.ObjectIndexer.segments_for_xiuying = True


@cache
def _segmenting_class(stock_class):
    _install_segmenting_indexer(stock_class)
    return type(f"Segmenting{stock_class.__name__}", (SegmentingMixin, stock_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    stock = database.SearchBackend(params)
    return _segmenting_class(type(stock))(params)
