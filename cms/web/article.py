"""The context of an item's page and of its mini-program preview."""

from django.utils.html import strip_tags

from cms.api import media, payloads
from cms.web import listing
from cms.web.body import SHARE_IMAGE_SPEC, body_images, body_view
from cms.web.context import share_meta
from cms.web.miniprogram import nodes_html
from cms.web.scope import page_path, request_columns, request_scope
from cms.web.selectors import article_neighbours, release_times

SHARE_DESCRIPTION_CHARS = 120


def _neighbour(scope, row):
    return {"title": row["title"], "url": page_path(scope, row["url_path"])} if row else None


def _columns(scope, columns, page) -> tuple[dict | None, dict | None]:
    """The item's column and that column's parent column, as links for the breadcrumbs."""
    column = listing.column_of(columns, page.path)
    if column is None:
        # A draft previewed in a column not published yet: named, not linked.
        parent = page.get_parent() if page.path else None
        return ({"pk": parent.pk, "title": parent.title, "url": ""} if parent else None), None
    above = listing.column_of(columns, column["path"])
    link = listing.column_link(scope, column)
    return link, (listing.column_link(scope, above) if above else None)


def description_of(summary: str, body_text: str) -> str:
    """Pure: the words a share card shows: the summary, else the start of the body."""
    text = " ".join((summary or strip_tags(body_text or "")).split())
    return text[:SHARE_DESCRIPTION_CHARS]


def _share_image(images: dict, cover_id, blocks) -> str:
    image = images.get(cover_id) or next(
        (block["image"] for block in blocks if block["type"] == "image"), None
    )
    shared = media.rendition_payload(image, SHARE_IMAGE_SPEC)
    return shared["url"] if shared else ""


def article_context(request, page) -> dict:
    scope, columns = request_scope(request), request_columns(request)
    images = body_images(page.body, page.cover_image_id)
    blocks = body_view(page.body, images)
    times = release_times([page.pk]).get(page.pk, {}) if page.pk else {}
    path = page_path(scope, page.url_path) if page.url_path else "/"
    neighbours = article_neighbours(scope, page) if page.live else {}
    column, parent = _columns(scope, columns, page)
    text = "" if page.summary else " ".join(str(b["html"]) for b in blocks if "html" in b)
    return {
        "blocks": blocks,
        "column": column,
        "parent": parent,
        "released_at": times.get("released_at") or (page.first_published_at if page.live else None),
        "updated_at": times.get("updated_at"),
        "older": _neighbour(scope, neighbours.get("older")),
        "newer": _neighbour(scope, neighbours.get("newer")),
        "share": share_meta(
            page.title,
            description_of(page.summary, text),
            path,
            _share_image(images, page.cover_image_id, blocks),
        ),
    }


def miniprogram_context(request, page) -> dict:
    """The item as the mini-program's ``<rich-text>`` shows it: the API's own payload."""
    detail = payloads.article_detail(page, request_columns(request))
    return {"detail": detail, "body": nodes_html(detail["body_nodes"], videos=detail["videos"])}
