"""Text extraction from generated PDF, DOCX, text and HTML documents."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from cms.screening.engine import screen_fields
from cms.screening.extract import (
    ExtractionError,
    extract_text,
    text_from_docx,
    text_from_html,
    text_from_pdf,
    text_from_txt,
)
from tests.cms.screening.engine.samples import sample_lexicon

from .pdf_builder import make_pdf


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("第一段：坚持党的领导。")
    document.add_paragraph("第二段：市攻府召开会议。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "表格甲"
    table.cell(0, 1).text = "测试敏感词"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "合并单元格"
    document.add_paragraph("表格之后的段落")
    document.sections[0].header.paragraphs[0].text = "页眉文字"
    document.sections[0].footer.paragraphs[0].text = "页脚文字"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdf_text_is_extracted_page_by_page():
    data = make_pdf([["中华人民共合国成立", "Hello 123"], ["第二页：测试禁用词甲。"]])
    lines = [line for line in text_from_pdf(data).splitlines() if line]
    assert lines == ["中华人民共合国成立", "Hello 123", "第二页：测试禁用词甲。"]


def test_pdf_text_can_be_screened():
    data = make_pdf([["本文提到测试禁用词甲和攻府。"]])
    verdict = screen_fields(sample_lexicon(), [("附件.pdf", extract_text("附件.pdf", data))])
    assert [(h.field, h.term) for h in verdict.hits] == [
        ("附件.pdf", "测试禁用词甲"),
        ("附件.pdf", "攻府"),
    ]


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_with_only_an_owner_password_is_still_read():
    data = encrypted(make_pdf([["限制编辑的攻府"]]), user_password="")
    assert text_from_pdf(data).strip() == "限制编辑的攻府"


def test_pdf_with_an_open_password_is_refused_in_chinese():
    with pytest.raises(ExtractionError, match="PDF 文件设有打开密码"):
        text_from_pdf(encrypted(make_pdf([["保密"]]), user_password="secret"))


def test_corrupt_pdf_raises_a_chinese_error():
    with pytest.raises(ExtractionError, match="无法读取 PDF 文件"):
        text_from_pdf(b"%PDF-1.7\nthis is not a pdf")


def test_docx_paragraphs_tables_headers_and_footers_are_extracted_in_order():
    lines = text_from_docx(make_docx()).splitlines()
    assert lines == [
        "第一段：坚持党的领导。",
        "第二段：市攻府召开会议。",
        "表格甲",
        "测试敏感词",
        "合并单元格",
        "表格之后的段落",
        "页眉文字",
        "页脚文字",
    ]


def test_docx_text_can_be_screened():
    verdict = screen_fields(sample_lexicon(), {"附件.docx": extract_text("附件.DOCX", make_docx())})
    assert [h.term for h in verdict.hits] == ["攻府", "测试敏感词"]
    assert verdict.blocks and verdict.needs_minister


def test_corrupt_docx_raises_a_chinese_error():
    with pytest.raises(ExtractionError, match="无法读取 Word 文件"):
        text_from_docx(b"PK\x03\x04 broken")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_text_files_are_decoded_in_common_encodings(encoding):
    assert text_from_txt("中華人民共和國，ABC".encode(encoding)) == "中華人民共和國，ABC"


def test_html_gives_visible_text_and_alt_texts_without_scripts():
    html = (
        '<h2>标题</h2><p>第一段<b>加粗</b>&amp;实体</p><script>var x="攻府";</script>'
        '<img alt="图片说明" src="a.jpg"><style>p{}</style><ul><li>条目</li></ul>'
    )
    lines = [line for line in text_from_html(html).splitlines() if line]
    assert lines == ["标题", "第一段加粗&实体", "图片说明", "条目"]


def test_html_files_are_extracted_by_extension():
    assert extract_text("page.html", "<p>攻府</p>".encode()) == "\n攻府\n"


def test_unsupported_file_types_are_refused_in_chinese():
    with pytest.raises(ExtractionError, match="不支持检查“.doc”类型的文件"):
        extract_text("旧文件.doc", b"\xd0\xcf\x11\xe0")
