"""Decompression bombs built in code (R-13): Word documents made by python-docx whose main part
is swapped for XML that expands hugely, declares entities ("billion laughs") or nests deeply,
and a long legitimate document for contrast."""

from __future__ import annotations

import io
import os
import random
import zipfile

import docx

MIB = 1024 * 1024
MAIN_PART = "word/document.xml"
_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARAGRAPH = b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>"


def docx_with_main_part(document_xml: bytes, extra_parts: dict[str, bytes] | None = None) -> bytes:
    """A real DOCX (python-docx's template) whose word/document.xml is ``document_xml``."""
    template = io.BytesIO()
    docx.Document().save(template)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            data = document_xml if info.filename == MAIN_PART else source.read(info)
            target.writestr(info.filename, data)
        for name, data in (extra_parts or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def document_xml(body: bytes, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + prolog
        + b'<w:document xmlns:w="'
        + _W
        + b'"><w:body>'
        + body
        + b"</w:body></w:document>"
    )


def ratio_bomb(expanded: int = 8 * MIB) -> bytes:
    """The issue's bomb: one short paragraph repeated until document.xml is ``expanded`` bytes;
    deflate packs it about 140:1."""
    paragraph = _PARAGRAPH % b"a"
    return docx_with_main_part(document_xml(paragraph * (expanded // len(paragraph))))


def billion_laughs() -> bytes:
    """Ten levels of ten entity references: 10^9 "lol"s, 3 GB of text, from 1 KB of DTD."""
    entities = [b'<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        refs = b"".join(b"&lol%d;" % (level - 1) for _ in range(10))
        entities.append(b'<!ENTITY lol%d "%s">' % (level, refs))
    prolog = b"<!DOCTYPE w:document [" + b"".join(entities) + b"]>"
    return docx_with_main_part(document_xml(_PARAGRAPH % b"&lol9;", prolog))


def deeply_nested(levels: int = 150) -> bytes:
    """Content controls nested ``levels`` deep, two elements each: 150 levels are 305 elements
    from the root, past libxml2's 256, and only 7 KB of XML, so no size limit is what refuses
    it."""
    opening, closing = b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>"
    body = opening * levels + _PARAGRAPH % b"x" + closing * levels
    return docx_with_main_part(document_xml(body))


def plain_text(chars: int, seed: int = 2024) -> str:
    """Varied Chinese-like text (random common Han characters), which compresses only 2-3:1."""
    generator = random.Random(seed)
    return "".join(chr(generator.randint(0x4E00, 0x62FF)) for _ in range(chars))


def large_legitimate(paragraphs: int = 2_000, chars: int = 300) -> bytes:
    """A long real report: ``paragraphs`` paragraphs of varied text (about 2 MB of XML)."""
    word = docx.Document()
    text = plain_text(paragraphs * chars)
    for start in range(0, len(text), chars):
        word.add_paragraph(text[start : start + chars])
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def understated_size(data: bytes, name: str = MAIN_PART, declared: int = 100) -> bytes:
    """``data`` with ``name``'s uncompressed size declared as ``declared`` in both its headers."""
    package = bytearray(data)
    central = data.rindex(name.encode()) - 46  # the central directory comes last
    assert package[central : central + 4] == b"PK\x01\x02"
    local = int.from_bytes(package[central + 42 : central + 46], "little")
    package[central + 24 : central + 28] = declared.to_bytes(4, "little")
    package[local + 22 : local + 26] = declared.to_bytes(4, "little")
    return bytes(package)


def garbled_part(data: bytes, name: str = MAIN_PART) -> bytes:
    """``data`` with the compressed bytes of ``name`` overwritten: inflating it fails."""
    package = bytearray(data)
    central = data.rindex(name.encode()) - 46
    local = int.from_bytes(package[central + 42 : central + 46], "little")
    start = local + 30 + len(name) + int.from_bytes(package[local + 28 : local + 30], "little")
    package[start : start + 64] = b"\xff" * 64
    return bytes(package)


def many_paragraphs(count: int = 150_000) -> bytes:
    """A legitimate-looking long document: ``count`` short paragraphs of varied text (8 MB of
    XML at 150,000, packed only about 3:1), within every archive limit but slow to read."""
    texts = os.urandom(8 * count).hex()
    body = b"".join(_PARAGRAPH % texts[i : i + 16].encode() for i in range(0, 16 * count, 16))
    return docx_with_main_part(document_xml(body))
