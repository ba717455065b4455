"""An item's StreamField body as the mini-program reads it: sanitised HTML and ``<rich-text>``
nodes for text and pictures, videos and attachments beside them (``<rich-text>`` plays no video),
every URL absolute."""

from wagtail.rich_text import expand_db_html

from cms.api import media, richtext
from cms.core.conf import get_setting


def body_image_ids(body) -> set[int]:
    """The images a body shows: its pictures and its videos' posters."""
    ids = set()
    for block in body:
        if block.block_type == "image" and block.value["image"]:
            ids.add(block.value["image"].pk)
        elif block.block_type == "video" and block.value["poster"]:
            ids.add(block.value["poster"].pk)
    return ids


class _Body:
    def __init__(self, images: dict, base_url: str):
        self.images, self.base_url = images, base_url
        self.html: list[str] = []
        self.out = {"images": [], "videos": [], "attachments": [], "links": []}
        self.top_nodes = 0

    def add_html(self, fragment: str):
        self.html.append(fragment)
        self.top_nodes += len(richtext.html_nodes(fragment))

    def paragraph(self, value):
        expanded = expand_db_html(value.source)
        self.add_html(richtext.html_sanitise(expanded, base_url=self.base_url))
        self.out["links"] += richtext.html_links(expanded, base_url=self.base_url)

    def image(self, value):
        image = value["image"] and self.images.get(value["image"].pk)
        picture = media.body_image(image)
        if picture:
            alt, caption = value["alt_text"] or "", value["caption"] or ""
            self.add_html(
                richtext.image_html(
                    src=picture["url"], width=picture["width"], height=picture["height"], alt=alt
                )
                + richtext.caption_html(caption)
            )
            self.out["images"].append({**picture, "alt": alt, "caption": caption})

    def video(self, value):
        if value["video"]:
            poster = value["poster"] and self.images.get(value["poster"].pk)
            self.out["videos"].append(
                {
                    "url": media.public_url(value["video"].url),
                    "poster": media.body_image(poster) if poster else None,
                    "caption": value["caption"] or "",
                    "position": self.top_nodes,
                }
            )

    def attachment(self, value):
        if value["document"]:
            self.out["attachments"].append(
                media.document_payload(value["document"], value["title"])
            )


def body_payload(body) -> dict:
    """``body_html``, ``body_nodes``, ``images``, ``videos``, ``attachments`` and ``links``."""
    images = media.images_with_renditions(body_image_ids(body), get_setting("API_IMAGE_FILTER"))
    out = _Body(images, media.public_base_url())
    handlers = {
        "paragraph": out.paragraph,
        "image": out.image,
        "video": out.video,
        "attachment": out.attachment,
    }
    for block in body:
        if block.block_type in handlers:
            handlers[block.block_type](block.value)
    body_html = "".join(out.html)
    return {"body_html": body_html, "body_nodes": richtext.html_nodes(body_html), **out.out}
