"""Listing rows (``cms.api.selectors.LISTING_FIELDS``) as the templates show them: the item's
address on the site, its release times from the release log, its column and its cover with the
renditions of ``THUMBNAIL_SPECS`` prefetched (two queries for a whole page of items)."""

from wagtail.models import Page

from cms.api import media
from cms.api.payloads import short_summary
from cms.web.scope import page_path
from cms.web.selectors import release_times

THUMBNAIL_SPECS = ("fill-360x240", "fill-720x480")


def column_of(columns: dict, path: str) -> dict | None:
    return columns.get(path[: -Page.steplen])


def listing_items(scope, rows: list[dict], columns: dict, *, specs=THUMBNAIL_SPECS) -> list[dict]:
    """Display items for ``rows``: one query for the release times, two for the covers with
    their renditions for ``specs`` (none without ``specs``)."""
    times = release_times([row["pk"] for row in rows]) if rows else {}
    images = {}
    if specs:
        images = media.images_with_renditions((row["cover_image_id"] for row in rows), *specs)
    return [_item(scope, row, columns, times.get(row["pk"], {}), images) for row in rows]


def _item(scope, row: dict, columns: dict, times: dict, images: dict) -> dict:
    column = column_of(columns, row["path"])
    return {
        "pk": row["pk"],
        "title": row["title"],
        "summary": short_summary(row["summary"]),
        "url": page_path(scope, row["url_path"]),
        # The release log's times; a release older than the log (an imported item) shows the
        # time Wagtail recorded when it went live.
        "released_at": times.get("released_at") or row["first_published_at"],
        "updated_at": times.get("updated_at") or row["last_published_at"],
        "source_unit": row["source_unit__name"],
        "cover": images.get(row["cover_image_id"]),
        "column": column_link(scope, column) if column else None,
        "top_path": row.get("top_path"),
    }


def column_link(scope, column: dict) -> dict:
    return {
        "pk": column["pk"],
        "title": column["title"],
        "url": page_path(scope, column["url_path"]),
    }


def column_tree(scope, columns: dict) -> list[dict]:
    """Top-level columns with their sub-columns, as links, from the API's column rows."""
    if scope.root is None:
        return []
    top, by_path = [], {}
    for path, row in columns.items():
        node = {**column_link(scope, row), "path": path, "kind": row["column_kind"], "children": []}
        by_path[path] = node
        parent = by_path.get(path[: -Page.steplen])
        if parent is not None:
            parent["children"].append(node)
        elif row["depth"] == scope.root.depth + 1:
            top.append(node)
    return top
