"""Text inside pictures and scanned PDF pages, read with Tesseract (no Django).

Tesseract (Debian's ``tesseract-ocr`` with the Simplified Chinese model ``tesseract-ocr-chi-sim``)
runs as a child process held to a wall-clock limit; only the background worker calls this
module (``cms.screening.ocr_queue``), never a request. A picture is made black on white first
(``_prepared``). Pages
of a PDF without a text layer are read through the pictures they carry (a scanner puts one per
page), at most ``max_pages`` of them.

Tesseract's Chinese output separates characters with spaces; they are removed between two Han
characters so that screening sees words as written.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

NOT_INSTALLED = "本机未安装文字识别程序（Tesseract 及其简体中文模型）"
TIMED_OUT = "文字识别超过{seconds:g}秒仍未完成，已停止"
UNREADABLE_IMAGE = "图片无法打开：{error}"
TOO_LARGE = "图片像素过多（{pixels}），超过识别上限{limit}"
FAILED = "文字识别程序出错：{error}"
PDF_UNREADABLE = "无法读取 PDF 文件中的图片，请人工核查"
LANGUAGE = "chi_sim"
_WIDE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # CJK punctuation, Han, full-width forms
_HAN_GAP = re.compile(rf"(?<=[{_WIDE}])[ \t]+(?=[{_WIDE}])")


class OcrError(Exception):
    """A picture that cannot be read; the message is for editors (Chinese)."""


@dataclass(frozen=True)
class OcrLimits:
    seconds: float = 60.0  # per file, all its pictures together
    max_pages: int = 20  # scanned pages read per PDF
    max_pixels: int = 40_000_000  # per picture, after scaling


@dataclass(frozen=True)
class OcrResult:
    text: str
    pages: int  # pictures read
    seconds: float


def tesseract_path() -> str | None:
    """The tesseract program when it and its Simplified Chinese model are installed."""
    found = shutil.which("tesseract")
    if found is None:
        return None
    try:
        listed = subprocess.run(  # noqa: S603 - a fixed command, no shell
            [found, "--list-langs"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return found if LANGUAGE in listed.stdout.split() else None


def otsu_threshold(histogram: list[int]) -> int:
    """The grey level that best splits a picture into ink and background (Otsu, 1979)."""
    total, weighted = sum(histogram), sum(i * h for i, h in enumerate(histogram))
    best, threshold, below, below_sum = 0.0, 128, 0, 0
    for level, count in enumerate(histogram):
        below += count
        above = total - below
        if not below or not above:
            continue
        below_sum += level * count
        mean_below, mean_above = below_sum / below, (weighted - below_sum) / above
        spread = below * above * (mean_below - mean_above) ** 2
        if spread > best:
            best, threshold = spread, level
    return threshold


def _prepared(data: bytes, limits: OcrLimits) -> bytes:
    """Black text on white: grey, split at Otsu's threshold, inverted when the background is
    dark (a banner's yellow on red). Measured in the README: scaling up hurts the model."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > limits.max_pixels:
                pixels = opened.width * opened.height
                raise OcrError(TOO_LARGE.format(pixels=pixels, limit=limits.max_pixels))
            image = ImageOps.exif_transpose(opened).convert("L")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise OcrError(UNREADABLE_IMAGE.format(error=error)) from None
    threshold = otsu_threshold(image.histogram())
    image = image.point(lambda level: 255 if level > threshold else 0)
    black, white = image.histogram()[0], image.histogram()[255]
    if black > white:
        image = ImageOps.invert(image)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _tesseract(program: str, png: bytes, seconds: float) -> str:
    command = [program, "stdin", "stdout", "-l", LANGUAGE, "--psm", "3"]
    try:
        done = subprocess.run(  # noqa: S603 - a fixed command, no shell; the picture on stdin
            command,
            input=png,
            capture_output=True,
            timeout=max(seconds, 1),
            env={"OMP_THREAD_LIMIT": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrError(TIMED_OUT.format(seconds=seconds)) from None
    if done.returncode != 0:
        error = done.stderr.decode(errors="replace").strip()[-200:]
        raise OcrError(FAILED.format(error=error))
    return tidy(done.stdout.decode("utf-8", errors="replace"))


def tidy(text: str) -> str:
    """Tesseract's text without the spaces it puts between Chinese characters."""
    lines = (_HAN_GAP.sub("", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _program() -> str:
    program = tesseract_path()
    if program is None:
        raise OcrError(NOT_INSTALLED)
    return program


def ocr_images(pictures: list[bytes], limits: OcrLimits) -> OcrResult:
    """The text of each picture, one after the other, within ``limits.seconds`` in all."""
    program, started, texts = _program(), time.monotonic(), []
    for picture in pictures:
        left = limits.seconds - (time.monotonic() - started)
        if left <= 0:
            raise OcrError(TIMED_OUT.format(seconds=limits.seconds))
        texts.append(_tesseract(program, _prepared(picture, limits), left))
    return OcrResult("\n".join(t for t in texts if t), len(pictures), time.monotonic() - started)


def ocr_image(data: bytes, limits: OcrLimits | None = None) -> OcrResult:
    return ocr_images([data], limits or OcrLimits())


def scanned_pictures(data: bytes, limits: OcrLimits) -> list[bytes]:
    """The pictures of the pages of a PDF that have no text layer, up to ``max_pages`` pages."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page for page in reader.pages[: limits.max_pages] if _scanned(page)]
        return [_largest_picture(page) for page in pages if page.images]
    except (PdfReadError, KeyError, TypeError, ValueError, OSError) as error:
        logger.warning("pictures of a PDF could not be read: %s", error)
        raise OcrError(PDF_UNREADABLE) from None


def _scanned(page: Any) -> bool:
    return not (page.extract_text() or "").strip()


def _largest_picture(page: Any) -> bytes:
    picture = max(page.images, key=lambda image: len(image.data))
    return picture.data


def ocr_pdf(data: bytes, limits: OcrLimits | None = None, *, pictures_of=None) -> OcrResult:
    """The text of the scanned pages of a PDF (an empty result when none is scanned). The
    worker passes ``pictures_of`` to take the pictures out in a sandboxed child
    (``cms.screening.sandbox.pdf_pictures_isolated``)."""
    limits = limits or OcrLimits()
    pictures = (pictures_of or scanned_pictures)(data, limits)
    return ocr_images(pictures, limits) if pictures else OcrResult("", 0, 0.0)
