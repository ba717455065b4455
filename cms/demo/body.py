"""StreamField bodies in the JSON list form Wagtail stores, built from plain ids and text."""

import random
import uuid
from dataclasses import dataclass
from html import escape

FORMS = ("text", "pictures", "video", "document")


@dataclass(frozen=True)
class Media:
    """Ids of the shared demo files a body may point at."""

    image_ids: list[int]
    video_id: int
    attachment_ids: list[int]


def block(rng: random.Random, block_type: str, value) -> dict:
    block_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    return {"type": block_type, "value": value, "id": str(block_id)}


def paragraph_blocks(rng: random.Random, paragraphs: list[str]) -> list[dict]:
    return [block(rng, "paragraph", f"<p>{escape(text)}</p>") for text in paragraphs]


def image_block(rng: random.Random, image_id: int, caption: str) -> dict:
    value = {"image": image_id, "caption": caption, "alt_text": caption}
    return block(rng, "image", value)


def _with_pictures(rng, blocks, media, caption):
    image_ids = rng.sample(media.image_ids, k=min(len(media.image_ids), rng.randint(1, 3)))
    for offset, image_id in enumerate(image_ids):
        blocks.insert(1 + offset * 2, image_block(rng, image_id, caption))
    return blocks


def _with_video(rng, blocks, media, caption):
    value = {"video": media.video_id, "poster": rng.choice(media.image_ids), "caption": caption}
    return [block(rng, "video", value), *blocks]


def _with_attachment(rng, blocks, media, caption):
    value = {"document": rng.choice(media.attachment_ids), "title": f"{caption}（附件）"}
    return [*blocks, block(rng, "attachment", value)]


FORM_BUILDERS = {"pictures": _with_pictures, "video": _with_video, "document": _with_attachment}


def body_blocks(
    rng: random.Random, *, form: str, paragraphs: list[str], media: Media, caption: str
) -> list[dict]:
    """Paragraphs, plus the blocks that make the item's ``form`` (R-03): images, a video or an
    attachment."""
    blocks = paragraph_blocks(rng, paragraphs)
    builder = FORM_BUILDERS.get(form)
    return builder(rng, blocks, media, caption) if builder else blocks


def cover_image_id(rng: random.Random, *, form: str, media: Media) -> int | None:
    return rng.choice(media.image_ids) if form in ("pictures", "video") else None
