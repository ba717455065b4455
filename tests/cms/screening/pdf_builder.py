"""Build small text PDFs by hand, for extraction tests (no fonts, no downloads).

The text is shown with a Type0 font whose character codes are the Unicode code points
(Identity-H) and whose ToUnicode map says so: a viewer may lack the glyphs, but a text
extractor reads the characters back exactly.
"""

from __future__ import annotations


def _cmap(chars: set[str]) -> bytes:
    pairs = [f"<{ord(c):04X}> <{ord(c):04X}>" for c in sorted(chars)]
    blocks = [pairs[i : i + 100] for i in range(0, len(pairs), 100)]
    body = "".join(f"{len(b)} beginbfchar\n" + "\n".join(b) + "\nendbfchar\n" for b in blocks)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{body}endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode("ascii")


def _content(lines: list[str]) -> bytes:
    shown = "".join(f"<{''.join(f'{ord(c):04X}' for c in line)}> Tj 0 -20 Td\n" for line in lines)
    return f"BT /F1 12 Tf 50 800 Td\n{shown}ET\n".encode("ascii")


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one page per item of ``pages``, each a list of text lines (BMP only)."""
    chars = {c for page in pages for line in page for c in line}
    count = len(pages)
    kids = " ".join(f"{7 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H"
        b" /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong-Light /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(_cmap(chars)),
        b"<< >>",  # unused slot keeps page objects at odd numbers
    ]
    for i, lines in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (8 + 2 * i)
        )
        objects.append(_stream(_content(lines)))
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_page_tree_bomb(fanout: int = 1000, declared_count: int = 1) -> bytes:
    """A PDF of ``fanout``² pages from a few KB: the root's kids are one node ``fanout`` times,
    whose kids are one page ``fanout`` times. ``declared_count`` is what the root claims."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b"3 0 R " * fanout, declared_count),
        b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (b"4 0 R " * fanout, fanout),
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 200 200] >>",
    ]
    return _assemble(objects)
