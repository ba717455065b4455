"""Plain text out of uploaded documents and HTML, for screening (no Django).

A PDF with no text layer (a scan) gives an empty string: callers should send such a
file to a person instead of treating it as clean.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


class ExtractionError(ValueError):
    """A document whose text cannot be read; the message is for editors (Chinese)."""


def text_from_txt(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ExtractionError("无法识别文本文件的编码，请另存为 UTF-8 编码后上传") from None


def _pdf_reader(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        readable = not reader.is_encrypted or bool(reader.decrypt(""))
    except (PdfReadError, DependencyError, KeyError, TypeError, ValueError) as error:
        raise ExtractionError(f"无法读取 PDF 文件，文件可能已损坏或加密：{error}") from None
    if not readable:
        raise ExtractionError("PDF 文件设有打开密码，无法检查其内容，请上传未加密的文件")
    return reader


def text_from_pdf(data: bytes) -> str:
    """The text layer of every page of a PDF, pages separated by newlines."""
    from pypdf.errors import PdfReadError

    reader = _pdf_reader(data)
    try:
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, KeyError, TypeError, ValueError) as error:
        raise ExtractionError(f"无法读取 PDF 文件的文字，文件可能已损坏：{error}") from None


def _docx_blocks(container: Any) -> Iterator[str]:
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_blocks(block)
        else:
            yield block.text


def _table_blocks(table: Any) -> Iterator[str]:
    seen: set[Any] = set()  # holds the cell elements, so their identity stays valid
    for row in table.rows:
        for cell in row.cells:
            if cell._tc not in seen:  # a merged cell repeats in row.cells
                seen.add(cell._tc)
                yield from _docx_blocks(cell)


def text_from_docx(data: bytes) -> str:
    """Paragraphs and tables (in document order), then headers and footers, of a .docx."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise ExtractionError(f"无法读取 Word 文件，请确认是 .docx 格式：{error}") from None
    parts = list(_docx_blocks(document))
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [] if part.is_linked_to_previous else list(_docx_blocks(part))
    return "\n".join(parts)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        self.parts.extend(value for name, value in attrs if name == "alt" and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def text_from_html(html: str) -> str:
    """Visible text (and image alt texts) of an HTML fragment such as Wagtail rich text."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


_EXTRACTORS = {".txt": text_from_txt, ".pdf": text_from_pdf, ".docx": text_from_docx}


def extract_text(filename: str, data: bytes) -> str:
    """Text of an uploaded file, chosen by its extension (.txt, .pdf, .docx)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".htm", ".html"):
        return text_from_html(text_from_txt(data))
    if suffix not in _EXTRACTORS:
        raise ExtractionError(
            f"不支持检查“{suffix or filename}”类型的文件，请另存为 .docx、PDF 或 .txt 后上传"
        )
    return _EXTRACTORS[suffix](data)
