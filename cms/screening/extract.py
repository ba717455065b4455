"""Plain text out of uploaded documents and HTML, for screening (no Django).

A PDF with no text layer (a scan) gives an empty string: callers should send such a
file to a person instead of treating it as clean.

Reading is bounded (R-13, :class:`ExtractLimits`): a DOCX must pass the decompression-bomb
checks of ``cms.security.archives`` before python-docx sees it, a PDF may have at most
``pdf_max_pages`` pages (its declared count, and pypdf's page-tree walk is capped to match), and
reading stops once the text is longer than ``max_chars``. Time and memory are bounded by the
caller: ``cms.screening.sandbox`` runs this module in a child process with resource limits.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import chain
from pathlib import PurePath
from typing import Any, Final
from xml.etree.ElementTree import ParseError

from cms.security.archives import DEFAULT_LIMITS as DEFAULT_ARCHIVE_LIMITS
from cms.security.archives import ArchiveLimits, ArchiveRefused, archive_check

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


@dataclass(frozen=True)
class ExtractLimits:
    """How much of one document is read. Reading stops once the text is longer than
    ``max_chars``: a caller that gets more than ``max_chars`` characters knows there is more."""

    max_chars: int = 500_000
    pdf_max_pages: int = 1_000
    archive: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS


DEFAULT_LIMITS: Final = ExtractLimits()
TOO_MANY_PAGES = "共{count}页，超过自动检查的上限{limit}页"
PDF_LIMIT = "PDF 文件的页数或结构超过自动检查的上限（{limit}页）：{error}"
DOCX_BOMB = "文档解压后过大或结构异常：{reason}"


def _joined(pieces: Iterable[str], max_chars: int) -> str:
    """``"\\n".join(pieces)``, taking no more pieces once the text is longer than ``max_chars``."""
    taken: list[str] = []
    length = -1
    for piece in pieces:
        taken.append(piece)
        length += len(piece) + 1
        if length > max_chars:
            break
    return "\n".join(taken)


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


def text_from_pdf(data: bytes, limits: ExtractLimits = DEFAULT_LIMITS) -> str:
    """The text layer of the pages of a PDF, pages separated by newlines."""
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError, PdfReadError

    # A page tree of n pages has at most 2n entries (pages and the nodes above them); a tree
    # of shared nodes that claims few pages and unfolds into millions stops at that bound.
    with apply_configuration(page_tree_maximum_entries=2 * limits.pdf_max_pages):
        try:
            reader = _pdf_reader(data)
            _check_page_count(reader, limits.pdf_max_pages)
            pages = (page.extract_text() or "" for page in reader.pages)
            return _joined(pages, limits.max_chars)
        except ExtractionError:
            raise
        except LimitReachedError as error:
            limit = limits.pdf_max_pages
            raise ExtractionError(PDF_LIMIT.format(limit=limit, error=error)) from None
        except (PdfReadError, KeyError, TypeError, ValueError) as error:
            raise ExtractionError(f"无法读取 PDF 文件的文字，文件可能已损坏：{error}") from None


def _check_page_count(reader: Any, limit: int) -> None:
    """Refuse a PDF whose page tree says it has more than ``limit`` pages (read, not walked)."""
    try:
        count = int(reader.root_object["/Pages"].get_object().get("/Count", 0))
    except (KeyError, TypeError, ValueError, AttributeError):
        return  # no usable count: the bounded walk of the page tree decides
    if count > limit:
        raise ExtractionError(TOO_MANY_PAGES.format(count=count, limit=limit))


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


def text_from_docx(data: bytes, limits: ExtractLimits = DEFAULT_LIMITS) -> str:
    """Paragraphs and tables (in document order), then headers and footers, of a .docx."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        archive_check(io.BytesIO(data), limits.archive)
        document = docx.Document(io.BytesIO(data))
    except ArchiveRefused as refused:
        raise ExtractionError(DOCX_BOMB.format(reason=refused.reason)) from None
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, ParseError) as error:
        raise ExtractionError(f"无法读取 Word 文件，请确认是 .docx 格式：{error}") from None
    return _joined(chain(_docx_blocks(document), _margin_blocks(document)), limits.max_chars)


def _margin_blocks(document: Any) -> Iterator[str]:
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                yield from _docx_blocks(part)


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


_EXTRACTORS = {".pdf": text_from_pdf, ".docx": text_from_docx}


def extract_text(filename: str, data: bytes, limits: ExtractLimits = DEFAULT_LIMITS) -> str:
    """Text of an uploaded file, chosen by its extension (.txt, .htm(l), .pdf, .docx).

    More than ``limits.max_chars`` characters means the text goes on beyond what was read."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".txt":
        return text_from_txt(data)
    if suffix in (".htm", ".html"):
        return text_from_html(text_from_txt(data))
    if suffix not in _EXTRACTORS:
        raise ExtractionError(
            f"不支持检查“{suffix or filename}”类型的文件，请另存为 .docx、PDF 或 .txt 后上传"
        )
    return _EXTRACTORS[suffix](data, limits)
