"""Listing rows (``cms.api.selectors.LISTING_FIELDS``) as the templates show them: the item's
address on the site, its release times from the release log, its column and its cover with the
renditions of ``THUMBNAIL_FILTERS`` at hand (one query for a whole page of items)."""

from wagtail.images.models import Filter, ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Page

from cms.api import media
from cms.api.payloads import short_summary
from cms.web.scope import page_path
from cms.web.selectors import release_times


def filters(*specs: str) -> tuple[Filter, ...]:
    """Filters made once: a Filter parses its spec on first use, which Wagtail's image tags
    do again on every use (a third of a listing's drawing)."""
    return tuple(Filter(spec=spec) for spec in specs)


THUMBNAIL_FILTERS = filters("fill-360x240", "fill-720x480")


def column_of(columns: dict, path: str) -> dict | None:
    return columns.get(path[: -Page.steplen])


def listing_items(
    scope, rows: list[dict], columns: dict, *, covers=THUMBNAIL_FILTERS
) -> list[dict]:
    """Display items for ``rows``: one query for the release times, one for the covers with
    their renditions for the ``covers`` filters (none without ``covers``)."""
    times = release_times([row["pk"] for row in rows]) if rows else {}
    images = {}
    if covers:
        specs = (cover.spec for cover in covers)
        images = media.images_with_renditions((row["cover_image_id"] for row in rows), *specs)
    return [_item(scope, row, columns, times.get(row["pk"], {}), images, covers) for row in rows]


def _item(scope, row: dict, columns: dict, times: dict, images: dict, covers) -> dict:
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
        "cover": responsive_image(images.get(row["cover_image_id"]), covers),
        "column": column_link(scope, column) if column else None,
        "top_path": row.get("top_path"),
    }


def responsive_image(image, covers) -> dict | None:
    """What Wagtail's ``srcset_image`` tag draws, for the templates' ``<img>``: the first
    rendition as ``src`` with its size, every one in ``srcset``."""
    if image is None or not covers:
        return None
    renditions = list(get_renditions_or_not_found(image, covers).values())
    first = renditions[0]
    return {
        "src": first.url,
        "srcset": ResponsiveImage.get_width_srcset(renditions),
        "width": first.width,
        "height": first.height,
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
