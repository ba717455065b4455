"""Text extraction in a child process held to limits (R-12, R-13): real documents are read as
before; bombs, huge page counts, time-outs and memory exhaustion come back as a Chinese reason
for a person to read the document (须人工核查), with at most ``max_chars`` of text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter

from cms.screening.extract import DOCX_BOMB, PDF_LIMIT, TOO_MANY_PAGES, ExtractLimits, extract_text
from cms.screening.ocr import OcrError, OcrLimits, scanned_pictures
from cms.screening.sandbox import (
    OUT_OF_MEMORY,
    TIMED_OUT,
    TOO_LONG,
    Extraction,
    SandboxLimits,
    extract_isolated,
    pdf_pictures_isolated,
)
from tests.cms.security.scanning import bombs

from .pdf_builder import make_page_tree_bomb, make_pdf
from .test_extract import make_docx


def blank_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("通知.docx", make_docx(), id="docx"),
        pytest.param("通知.pdf", make_pdf([["第一页"], ["第二页：依法治国"]]), id="pdf"),
        pytest.param("通知.txt", "正文".encode("gb18030"), id="txt"),
    ],
)
def test_real_documents_are_read_whole_in_the_child(name, data):
    assert extract_isolated(name, data) == Extraction(text=extract_text(name, data))


def test_a_zip_bomb_is_left_to_a_person():
    reason = "部件“word/document.xml”解压后超过压缩大小的100倍"
    assert extract_isolated("通知.docx", bombs.ratio_bomb()) == Extraction(
        problem=DOCX_BOMB.format(reason=reason)
    )


def test_billion_laughs_is_left_to_a_person():
    outcome = extract_isolated("通知.docx", bombs.billion_laughs())
    assert outcome.problem == DOCX_BOMB.format(reason="部件“word/document.xml”含有 DTD 或实体声明")


def test_deeply_nested_xml_is_left_to_a_person():
    outcome = extract_isolated("通知.docx", bombs.deeply_nested())
    assert outcome.problem == DOCX_BOMB.format(reason="部件“word/document.xml”的元素嵌套超过256层")


def test_a_pdf_with_more_pages_than_the_limit_is_left_to_a_person():
    outcome = extract_isolated("年鉴.pdf", blank_pages(1_001))
    assert outcome == Extraction(problem=TOO_MANY_PAGES.format(count=1001, limit=1000))


def test_a_page_tree_bomb_claiming_a_million_pages_is_not_walked():
    outcome = extract_isolated("a.pdf", make_page_tree_bomb(declared_count=1_000_000))
    assert outcome.problem == TOO_MANY_PAGES.format(count=1_000_000, limit=1000)


def test_a_page_tree_bomb_understating_its_pages_stops_at_the_limit():
    outcome = extract_isolated("a.pdf", make_page_tree_bomb(declared_count=1))
    prefix = PDF_LIMIT.split("：")[0].format(limit=1000)
    assert outcome.problem.startswith(prefix)
    assert outcome.lasting


def test_only_max_chars_of_text_come_back():
    limits = ExtractLimits(max_chars=300)
    outcome = extract_isolated("a.txt", ("党" * 1000).encode(), limits=limits)
    assert outcome == Extraction(text="党" * 300, problem=TOO_LONG.format(limit=300))


def test_a_long_docx_stops_being_read_at_max_chars():
    outcome = extract_isolated("a.docx", bombs.large_legitimate(), limits=ExtractLimits(1_000))
    assert len(outcome.text) == 1_000
    assert outcome.problem == TOO_LONG.format(limit=1_000)


def test_a_legitimate_looking_file_that_takes_too_long_is_stopped():
    sandbox = SandboxLimits(seconds=0.5)
    outcome = extract_isolated("长文.docx", bombs.many_paragraphs(), sandbox=sandbox)
    assert outcome == Extraction(problem=TIMED_OUT.format(seconds=0.5), lasting=False)
    assert outcome.problem == "提取文字超过0.5秒仍未完成，已停止"


def test_memory_is_capped():
    # 12 MB of text, decoded to 8 MB more, do not fit beside the interpreter in 64 MB.
    sandbox = SandboxLimits(memory_bytes=64 * bombs.MIB)
    outcome = extract_isolated("大文件.txt", ("党" * (4 * bombs.MIB)).encode(), sandbox=sandbox)
    assert outcome == Extraction(problem=OUT_OF_MEMORY.format(megabytes=64))
    assert outcome.problem == "提取文字所需内存超过64 MB，已停止"
    assert extract_isolated("小文件.txt", "党".encode(), sandbox=sandbox).text == "党"


def scanned_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages are pictures only, as a scanner makes them."""
    from PIL import Image

    scans = [Image.new("RGB", (200, 100), (255, 255, 255 - 40 * n)) for n in range(pages)]
    buffer = io.BytesIO()
    scans[0].save(buffer, "PDF", resolution=72, save_all=True, append_images=scans[1:])
    return buffer.getvalue()


def test_a_scanned_pdfs_pictures_are_taken_out_in_the_child_as_in_process():
    data, limits = scanned_pdf(pages=3), OcrLimits(max_pages=2)
    pictures = pdf_pictures_isolated(data, limits)
    assert len(pictures) == 2
    assert pictures == scanned_pictures(data, limits)


def test_a_broken_pdf_and_a_slow_child_are_said_in_chinese():
    with pytest.raises(OcrError, match="无法读取 PDF 文件中的图片"):
        pdf_pictures_isolated(b"%PDF-1.4 not really", OcrLimits())
    with pytest.raises(OcrError, match="读取 PDF 中的图片超过0.001秒仍未完成，已停止"):
        pdf_pictures_isolated(scanned_pdf(), OcrLimits(seconds=0.001))
