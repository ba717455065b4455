"""An item's StreamField body (``columns/blocks.py``) as the page template shows it: every
image of the body, the video posters and the cover fetched with their renditions in one query,
alternative text from the editor's alt text, else the caption, else the image's title."""

from django.template.defaultfilters import filesizeformat

from cms.api import media
from cms.api.body import body_image_ids

BODY_IMAGE_SPECS = ("width-480", "width-800", "width-1200")
SHARE_IMAGE_SPEC = "fill-600x600"


def body_images(body, *extra_ids) -> dict:
    """Images by id, with every rendition the page uses prefetched."""
    ids = body_image_ids(body) | {pk for pk in extra_ids if pk}
    return media.images_with_renditions(ids, *BODY_IMAGE_SPECS, SHARE_IMAGE_SPEC)


def image_alt(alt_text: str, caption: str, image) -> str:
    """Pure: the words a screen reader says for a picture (GB/T 37668-2019 5.2.1.1)."""
    return (alt_text or "").strip() or (caption or "").strip() or (image.title if image else "")


def _image(value, images):
    image = value["image"] and images.get(value["image"].pk)
    if image is None:
        return None
    caption = value["caption"] or ""
    return {"image": image, "caption": caption, "alt": image_alt(value["alt_text"], caption, image)}


def _video(value, images):
    if not value["video"]:
        return None
    poster = value["poster"] and images.get(value["poster"].pk)
    return {"document": value["video"], "poster": poster, "caption": value["caption"] or ""}


def _attachment(value, images):
    document = value["document"]
    if not document:
        return None
    return {
        "document": document,
        "title": value["title"] or document.title,
        "kind": document.file_extension.upper(),
        "size": filesizeformat(document.file_size or 0),
    }


def _paragraph(value, images):
    return {"html": value}


BUILDERS = {"paragraph": _paragraph, "image": _image, "video": _video, "attachment": _attachment}


def body_view(body, images: dict) -> list[dict]:
    """``[{"type", ...}]`` for the template, blocks whose file is gone left out."""
    blocks = []
    for block in body:
        builder = BUILDERS.get(block.block_type)
        shown = builder(block.value, images) if builder else None
        if shown is not None:
            blocks.append({"type": block.block_type, **shown})
    return blocks
