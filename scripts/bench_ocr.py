"""OCR throughput and character accuracy on 20 generated pictures (not a test).

The pictures (tests/cms/screening/ocr_images.py): two lines of Chinese each, four Noto CJK
faces, 30-72 px, rotated by up to 3 degrees, half of them yellow on red like a banner. Needs
Debian's tesseract-ocr, tesseract-ocr-chi-sim and fonts-noto-cjk.

    .venv/bin/python scripts/bench_ocr.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cms.screening.ocr import ocr_image, tesseract_path  # noqa: E402
from tests.cms.screening.ocr_images import (  # noqa: E402
    FONT_FILES,
    LINES,
    character_accuracy,
    draw,
    pictures,
)


def main() -> None:
    if tesseract_path() is None:  # skipped, so that `make bench` goes on with the others
        print("skipped: tesseract with its chi_sim model is not installed")
        return
    made = pictures()
    total_chars = total_seconds = 0.0
    scores = []
    for picture in made:
        started = time.perf_counter()
        found = ocr_image(picture.png).text
        seconds = time.perf_counter() - started
        score = character_accuracy(picture.text, found)
        scores.append(score)
        total_chars += len(picture.text)
        total_seconds += seconds
        print(
            f"{picture.font:24} {picture.size:3d}px {picture.rotation:+d}°  {score:6.1%}  "
            f"{seconds:5.2f} s  {''.join(found.split())}"
        )
    mean = sum(scores) / len(scores)
    print(f"pictures: {len(made)}, mean character accuracy {mean:.1%}, lowest {min(scores):.1%}")
    print(f"throughput: {total_chars / total_seconds:.1f} characters/s ({total_seconds:.1f} s)")
    dense_page()


def dense_page() -> None:
    """A page of a scanned notice: 20 lines of 12-14 characters at 40 px (12 pt at 240 dpi)."""
    lines = tuple(line for pair in LINES for line in pair) * 2
    png = draw(lines, FONT_FILES[1], 40, 0, False)
    started = time.perf_counter()
    found = ocr_image(png).text
    seconds = time.perf_counter() - started
    expected = "".join(lines)
    score = character_accuracy(expected, found)
    print(
        f"dense page: {len(expected)} characters, accuracy {score:.1%}, {seconds:.2f} s, "
        f"{len(expected) / seconds:.0f} characters/s"
    )


if __name__ == "__main__":
    main()
