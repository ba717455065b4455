"""Demo pictures drawn with Pillow and small generated documents, saved once in Wagtail."""

import io
import random

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageOps
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from cms.demo.body import Media
from cms.demo.content import demo_random

SIZE = (1200, 675)
# (title, top colour, bottom colour)
PICTURES = [
    ("演示图片：党旗映红海岸线", (178, 24, 30), (250, 190, 80)),
    ("演示图片：晨光中的秀英港", (40, 90, 160), (250, 210, 150)),
    ("演示图片：党群服务中心", (150, 20, 25), (245, 230, 200)),
    ("演示图片：火山口公园", (30, 110, 70), (200, 230, 170)),
    ("演示图片：志愿服务现场", (200, 60, 40), (255, 220, 120)),
    ("演示图片：田间党课", (60, 130, 60), (240, 220, 130)),
    ("演示图片：城市天际线", (20, 40, 90), (120, 170, 220)),
    ("演示图片：红色教育基地", (120, 10, 20), (230, 160, 120)),
]
VIDEO_TITLE = "演示视频：主题党日活动（占位文件）"
# The smallest ISO base media header: a placeholder, not a playable film.
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free"
ATTACHMENTS = [
    (
        "附件：2026年秀英区党建工作要点",
        "2026年秀英区党建工作要点\n\n一、加强政治建设\n二、夯实基层基础\n",
    ),
    ("附件：优秀共产党员推荐表", "优秀共产党员推荐表\n\n姓名：\n单位：\n主要事迹：\n"),
]


def _skyline(draw: ImageDraw.ImageDraw, rng: random.Random, colour) -> None:
    x = 0
    while x < SIZE[0]:
        width, height = rng.randint(60, 160), rng.randint(120, 380)
        draw.rectangle([x, SIZE[1] - height, x + width, SIZE[1]], fill=colour)
        x += width + rng.randint(4, 30)


def picture_bytes(index: int) -> bytes:
    """A JPEG of a gradient sky, a sun and a skyline, different for every ``index``."""
    rng = demo_random(index)
    _, top, bottom = PICTURES[index % len(PICTURES)]
    gradient = PillowImage.linear_gradient("L").resize(SIZE)
    picture = ImageOps.colorize(gradient, top, bottom)
    draw = ImageDraw.Draw(picture)
    x, y, r = rng.randint(150, 1050), rng.randint(80, 250), rng.randint(50, 110)
    draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 236, 160))
    _skyline(draw, rng, tuple(channel // 3 for channel in top))
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=82)
    return output.getvalue()


def _image_create(title: str, data: bytes, filename: str, size=SIZE):
    image = get_image_model()(
        title=title,
        file=ImageFile(io.BytesIO(data), name=filename),
        width=size[0],
        height=size[1],
        file_size=len(data),
        file_hash=hash_filelike(io.BytesIO(data)),
    )
    image.save()
    return image


def document_create(*, title: str, data: bytes, filename: str):
    document = get_document_model()(
        title=title,
        file=ContentFile(data, name=filename),
        file_size=len(data),
        file_hash=hash_filelike(io.BytesIO(data)),
    )
    document.save()
    return document


def _document_ensure(title: str, data: bytes, filename: str):
    existing = get_document_model().objects.filter(title=title).first()
    return existing or document_create(title=title, data=data, filename=filename)


def images_ensure() -> list:
    images = []
    for index, (title, _, _) in enumerate(PICTURES):
        existing = get_image_model().objects.filter(title=title).first()
        filename = f"xiuying-demo-{index + 1:02d}.jpg"
        images.append(existing or _image_create(title, picture_bytes(index), filename))
    return images


def media_ensure() -> Media:
    """The shared demo pictures, video placeholder and attachments, created on the first run."""
    images = images_ensure()
    video = _document_ensure(VIDEO_TITLE, VIDEO_BYTES, "xiuying-demo-video.mp4")
    attachments = [
        _document_ensure(title, text.encode("utf-8"), f"xiuying-demo-attachment-{n}.txt")
        for n, (title, text) in enumerate(ATTACHMENTS, start=1)
    ]
    return Media([i.pk for i in images], video.pk, [a.pk for a in attachments])


MARK_TITLE = "演示：党政机关网站标识（占位图，部署时换成核发的标识）"
MARK_SIZE = (110, 134)


def mark_bytes() -> bytes:
    """A placeholder in the shape of the 党政机关网站标识 (red badge, white disc); a deployment
    uploads the mark issued for its site in 设置 → 网站页脚."""
    mark = PillowImage.new("RGB", MARK_SIZE, (255, 255, 255))
    draw = ImageDraw.Draw(mark)
    draw.rounded_rectangle([4, 4, 105, 129], radius=12, fill=(200, 22, 30))
    draw.ellipse([22, 20, 88, 86], fill=(255, 255, 255))
    draw.ellipse([36, 34, 74, 72], fill=(200, 22, 30))
    draw.rectangle([22, 100, 88, 112], fill=(255, 255, 255))
    output = io.BytesIO()
    mark.save(output, format="PNG")
    return output.getvalue()


def mark_image_ensure():
    existing = get_image_model().objects.filter(title=MARK_TITLE).first()
    return existing or _image_create(MARK_TITLE, mark_bytes(), "xiuying-demo-mark.png", MARK_SIZE)
