"""Decompression bombs are refused at upload (R-13, R-15): an Office package whose parts expand
far beyond their compressed size or past the size limits, or whose XML declares entities or
nests too deep, is refused with a Chinese message before anything parses it. Real documents,
large ones included, pass. Pure: no database."""

from __future__ import annotations

import io
import os

import pytest

from cms.security import filetypes as ft
from cms.security.archives import ArchiveLimits, ArchiveRefused, archive_check

from . import bombs
from .samples import make_ooxml

MAX_SIZE = 100 * 1024 * 1024
RATIO_REFUSAL = ft.MSG_ARCHIVE_BOMB.format(
    reason="部件“word/document.xml”解压后超过压缩大小的100倍"
)


def refusal(data: bytes, name: str = "报告.docx", **limits) -> ft.UploadRejected:
    with pytest.raises(ft.UploadRejected) as refused:
        ft.check_upload(data, name, max_size=MAX_SIZE, archive_limits=ArchiveLimits(**limits))
    return refused.value


def test_zip_ratio_bomb_is_refused_with_a_chinese_message():
    bomb = bombs.ratio_bomb()  # 57 KB on disk, 8 MB of XML
    assert len(bomb) < 64 * 1024

    refused = refusal(bomb)

    assert refused.code == ArchiveRefused.RATIO
    assert refused.user_message == RATIO_REFUSAL
    assert "压缩炸弹" in refused.user_message


def test_a_higher_ratio_limit_lets_it_through():
    limits = ArchiveLimits(max_ratio=1000)
    kind = ft.check_upload(
        bombs.ratio_bomb(), "报告.docx", max_size=MAX_SIZE, archive_limits=limits
    )
    assert kind is ft.DOCX


def test_billion_laughs_inside_a_docx_is_refused():
    refused = refusal(bombs.billion_laughs())

    assert refused.code == ArchiveRefused.XML_DTD
    assert refused.user_message == ft.MSG_XML_UNSAFE.format(
        reason="部件“word/document.xml”含有 DTD 或实体声明"
    )


def test_deeply_nested_xml_is_refused():
    refused = refusal(bombs.deeply_nested())

    assert refused.code == ArchiveRefused.XML_DEPTH
    assert refused.user_message == ft.MSG_XML_UNSAFE.format(
        reason="部件“word/document.xml”的元素嵌套超过256层"
    )


def test_nesting_within_the_limit_is_accepted():
    assert ft.check_upload(bombs.deeply_nested(100), "报告.docx", max_size=MAX_SIZE) is ft.DOCX


def test_total_expanded_size_is_limited_even_for_incompressible_parts():
    media = {"word/media/video.bin": os.urandom(3 * bombs.MIB)}
    data = bombs.docx_with_main_part(bombs.document_xml(b""), media)

    refused = refusal(data, max_expanded_bytes=2 * bombs.MIB)

    assert refused.code == ArchiveRefused.EXPANDED
    assert "解压后合计超过2 MB" in refused.user_message


def test_xml_parts_together_are_limited():
    refused = refusal(bombs.large_legitimate(), max_xml_bytes=bombs.MIB)

    assert refused.code == ArchiveRefused.XML_SIZE
    assert "XML 部件解压后合计超过1 MB" in refused.user_message


def test_too_many_parts_are_refused():
    parts = {f"word/media/image{i}.png": b"" for i in range(30)}
    refused = refusal(bombs.docx_with_main_part(bombs.document_xml(b""), parts), max_parts=20)

    assert refused.code == ArchiveRefused.PARTS
    assert "上限为20个" in refused.user_message


def test_an_understated_declared_size_is_not_believed():
    # The central directory says 100 bytes; inflating the part gives 2 MB and a CRC mismatch.
    refused = refusal(bombs.understated_size(bombs.large_legitimate()))

    assert refused.code == ft.UploadRejected.DAMAGED
    assert refused.user_message == ft.MSG_DAMAGED


def test_malformed_xml_in_a_part_is_damaged():
    data = bombs.docx_with_main_part(b"<w:document><unclosed></w:document>")
    assert refusal(data).code == ft.UploadRejected.DAMAGED


@pytest.mark.parametrize("kind", ["xlsx", "pptx"])
def test_spreadsheets_and_slides_are_checked_too(kind):
    sheet = b"<sheetData>" + b"<row><c><v>0</v></c></row>" * 200_000 + b"</sheetData>"
    data = make_ooxml(kind, extra_parts={"xl/worksheets/sheet1.xml": sheet})
    assert refusal(data, name=f"名单.{kind}").code == ArchiveRefused.RATIO


def test_a_large_legitimate_document_is_accepted():
    data = bombs.large_legitimate()  # 1.2 MB, 600,000 characters, about 2 MB of XML
    assert ft.check_upload(data, "年度报告.docx", max_size=MAX_SIZE) is ft.DOCX


def test_declared_sizes_refuse_before_anything_is_inflated():
    garbled = bombs.garbled_part(bombs.ratio_bomb())
    with pytest.raises(Exception, match="invalid"):  # inflating it fails: zlib.error
        archive_check(io.BytesIO(garbled), ArchiveLimits(max_ratio=10_000))

    with pytest.raises(ArchiveRefused) as refused:
        archive_check(io.BytesIO(garbled))  # the central directory's sizes alone refuse it

    assert refused.value.code == ArchiveRefused.RATIO
