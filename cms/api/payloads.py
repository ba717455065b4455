"""Selected rows and pages turned into the API's payloads (plain dicts the schemas validate)."""

from django.conf import settings
from wagtail.models import Page

from cms.api import media
from cms.api.body import body_payload
from cms.core.conf import get_setting


def _parent_path(path: str) -> str:
    return path[: -Page.steplen]


def column_ref(columns: dict, path: str) -> dict | None:
    column = columns.get(_parent_path(path))
    return {"id": column["pk"], "title": column["title"]} if column else None


def short_summary(text: str) -> str:
    limit = get_setting("API_LIST_SUMMARY_CHARS")
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listing_items(rows: list[dict], columns: dict) -> list[dict]:
    """Listing items for ``rows`` with their covers' thumbnails (one query for all)."""
    thumb = get_setting("API_THUMBNAIL_FILTER")
    covers = media.images_with_renditions((row["cover_image_id"] for row in rows), thumb)
    return [
        {
            "id": row["pk"],
            "title": row["title"],
            "summary": short_summary(row["summary"]),
            "kind": row["item_kind"],
            "cover": media.thumbnail(covers.get(row["cover_image_id"])),
            "column": column_ref(columns, row["path"]),
            "source_unit": {"id": row["source_unit_id"], "name": row["source_unit__name"]},
            "published_at": row["first_published_at"],
            "updated_at": row["last_published_at"],
        }
        for row in rows
    ]


def article_detail(article, columns: dict) -> dict:
    unit = article.source_unit
    return {
        "id": article.pk,
        "title": article.title,
        "summary": article.summary,
        "kind": article.item_kind,
        "cover": media.thumbnail(article.cover_image),
        "column": column_ref(columns, article.path),
        "source_unit": {"id": unit.pk, "name": unit.name} if unit else None,
        "published_at": article.first_published_at,
        "updated_at": article.last_published_at,
        **body_payload(article.body),
    }


def column_tree(rows: list[dict], root_depth: int) -> list[dict]:
    """Nested columns from rows ordered by path (one level of sub-columns in this site)."""
    nodes, top = {}, []
    for row in rows:
        node = {
            "id": row["pk"],
            "title": row["title"],
            "slug": row["slug"],
            "kind": row["column_kind"],
            "children": [],
        }
        nodes[row["path"]] = node
        parent = nodes.get(_parent_path(row["path"]))
        if parent is not None:
            parent["children"].append(node)
        elif row["depth"] == root_depth + 1:
            top.append(node)
    return top


def site_payload(columns: dict, root_depth: int, updated_at) -> dict:
    return {
        "name": settings.WAGTAIL_SITE_NAME,
        "base_url": media.public_base_url(),
        "columns": column_tree(list(columns.values()), root_depth),
        "updated_at": updated_at,
    }


def column_payload(column, columns: dict, updated_at) -> dict:
    below = [
        row
        for path, row in columns.items()
        if path.startswith(column.path) and row["depth"] > column.depth
    ]
    parent = columns.get(_parent_path(column.path))
    return {
        "id": column.pk,
        "title": column.title,
        "slug": column.slug,
        "kind": column.column_kind,
        "description": column.description,
        "parent_id": parent["pk"] if parent else None,
        "children": column_tree(below, column.depth),
        "updated_at": updated_at,
    }
