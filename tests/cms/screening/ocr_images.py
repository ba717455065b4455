"""20 generated test pictures of Chinese text, as a photo of a banner or a notice would show it:
drawn with Pillow in the CJK fonts Debian ships (fonts-noto-cjk), at several sizes, colours and
rotations. Shared by the OCR tests and scripts/bench_ocr.py."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FILES = (
    "NotoSansCJK-Regular.ttc",
    "NotoSerifCJK-Regular.ttc",
    "NotoSansCJK-Bold.ttc",
    "NotoSerifCJK-Bold.ttc",
)
LINES = (
    ("深入学习贯彻党的二十大精神", "以高质量党建引领基层治理"),
    ("不忘初心牢记使命", "为人民群众办实事解难题"),
    ("秀英区基层党务工作者培训班", "提升组织力和政治功能"),
    ("全面从严治党永远在路上", "党的自我革命永远在路上"),
    ("弘扬琼崖革命精神", "赓续红色血脉"),
)
# (size px, rotation degrees, banner colours?) per picture; four fonts cycle under them.
SHAPES = (
    (36, 0, False),
    (48, 0, True),
    (64, 2, False),
    (30, -2, True),
    (56, 0, False),
    (40, 3, True),
    (72, -1, False),
    (44, 0, True),
    (34, 1, False),
    (60, -3, True),
    (38, 0, False),
    (52, 2, True),
    (46, -2, False),
    (66, 0, True),
    (32, 0, False),
    (58, 1, True),
    (42, -1, False),
    (50, 0, True),
    (62, 3, False),
    (36, -3, True),
)


@dataclass(frozen=True)
class Picture:
    text: str  # the characters drawn, lines joined without separator
    png: bytes
    font: str
    size: int
    rotation: int


def fonts_available() -> bool:
    return all((FONT_DIR / name).exists() for name in FONT_FILES)


def _font(name: str, size: int):
    from PIL import ImageFont

    for index in range(10):  # the Simplified Chinese face of the collection
        font = ImageFont.truetype(str(FONT_DIR / name), size, index=index)
        if font.getname()[0].endswith(" SC"):
            return font
    return ImageFont.truetype(str(FONT_DIR / name), size)


def draw(lines: tuple[str, ...], font_name: str, size: int, rotation: int, banner: bool) -> bytes:
    from PIL import Image, ImageDraw

    font = _font(font_name, size)
    width = max(int(font.getlength(line)) for line in lines) + size * 2
    height = int(size * 1.6) * len(lines) + size * 2
    background, ink = ("#c8102e", "#ffe14d") if banner else ("white", "#222222")
    image = Image.new("RGB", (width, height), background)
    pen = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        pen.text((size, size + number * int(size * 1.6)), line, font=font, fill=ink)
    if rotation:
        image = image.rotate(rotation, expand=True, fillcolor=background, resample=Image.BICUBIC)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def pictures() -> list[Picture]:
    made = []
    for number, (size, rotation, banner) in enumerate(SHAPES):
        lines = LINES[number % len(LINES)]
        font = FONT_FILES[number % len(FONT_FILES)]
        png = draw(lines, font, size, rotation, banner)
        made.append(Picture("".join(lines), png, font, size, rotation))
    return made


def character_accuracy(expected: str, found: str) -> float:
    """1 - edit distance / length, over the characters without whitespace (at least 0)."""
    found = "".join(found.split())
    previous = list(range(len(found) + 1))
    for i, wanted in enumerate(expected, 1):
        current = [i]
        for j, got in enumerate(found, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (wanted != got))
            )
        previous = current
    return max(0.0, 1 - previous[-1] / len(expected))
