"""Small sample files built in code for the upload-security tests.

The EICAR test string is assembled at run time (``b"".join``, which the
compiler does not fold), so neither this file nor its ``.pyc`` is itself an
EICAR test file that a developer's virus scanner would quarantine.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

_EICAR_PARTS = (b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$", b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")


def eicar() -> bytes:
    """The 68-byte EICAR anti-virus test string."""
    return b"".join(_EICAR_PARTS)


# --------------------------------------------------------------------------- PDF


def make_pdf(
    content: bytes = b"BT /F1 12 Tf 20 100 Td (Hello) Tj ET", *, compress: bool = False
) -> bytes:
    """A small, structurally valid one-page PDF whose page content is ``content``."""
    if compress:
        stream = zlib.compress(content)
        stream_dict = b"<< /Length %d /Filter /FlateDecode >>" % len(stream)
    else:
        stream = content
        stream_dict = b"<< /Length %d >>" % len(stream)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        stream_dict + b"\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# --------------------------------------------------------------------------- images


def make_image(fmt: str, size: tuple[int, int] = (16, 16)) -> bytes:
    """A real image written by Pillow (``PNG``, ``JPEG``, ``GIF``, ``WEBP``)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def png_chunk(chunk_type: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(chunk_type + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", crc)


def png_with_text_chunk(text: bytes) -> bytes:
    """A valid PNG with a ``tEXt`` chunk holding ``text``, inserted before ``IEND``."""
    png = make_image("PNG")
    iend = png.rindex(b"IEND") - 4
    return png[:iend] + png_chunk(b"tEXt", b"Comment\0" + text) + png[iend:]


# --------------------------------------------------------------------------- MP4


def make_mp4(major: bytes = b"isom", compatible: tuple[bytes, ...] = (b"isom", b"mp41")) -> bytes:
    """An ISO base media file: an ``ftyp`` box and a small ``mdat`` box."""
    ftyp_body = major + struct.pack(">I", 512) + b"".join(compatible)
    ftyp = struct.pack(">I", 8 + len(ftyp_body)) + b"ftyp" + ftyp_body
    mdat_body = bytes(range(256)) * 4
    return ftyp + struct.pack(">I", 8 + len(mdat_body)) + b"mdat" + mdat_body


# --------------------------------------------------------------------------- OOXML

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OOXML_MAIN = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def make_ooxml(
    kind: str = "docx",
    *,
    main_content_type: str | None = None,
    extra_parts: dict[str, bytes] | None = None,
    include_main_part: bool = True,
    body: bytes = b"<document/>",
) -> bytes:
    """A minimal Office Open XML package (enough for content-type detection)."""
    part, suffix = OOXML_MAIN[kind]
    content_type = main_content_type or f"application/vnd.openxmlformats-officedocument.{suffix}"
    content_types = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Types xmlns="{_CT_NS}">'
        f'<Default Extension="rels" '
        f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        f"</Types>"
    ).encode()
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/officeDocument" Target="' + part.encode() + b'"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        if include_main_part:
            archive.writestr(part, body)
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --------------------------------------------------------------------------- OLE2

_ENDOFCHAIN = 0xFFFFFFFE
_FREESECT = 0xFFFFFFFF
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF
_SECTOR = 512


def _dir_entry(name: str, obj_type: int, *, right=_NOSTREAM, child=_NOSTREAM, start=0, size=0):
    encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        obj_type,
        1,  # black
        _NOSTREAM,
        right,
        child,
        b"\0" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def make_ole(streams: dict[str, bytes], storages: tuple[str, ...] = ()) -> bytes:
    """A minimal OLE2 compound file (version 3) with root-level streams/storages.

    Streams are padded to 4096 bytes so that they live in regular sectors
    (no mini stream is needed).
    """
    names = list(streams) + list(storages)
    entry_count = 1 + len(names)
    dir_sectors = -(-entry_count // 4)
    padded = {
        name: data.ljust(max(4096, -(-len(data) // _SECTOR) * _SECTOR), b"\0")
        for name, data in streams.items()
    }

    fat = [_FATSECT]
    fat += [i + 2 for i in range(dir_sectors - 1)] + [_ENDOFCHAIN]
    next_sector = 1 + dir_sectors
    starts = {}
    data_sectors = b""
    for name, data in padded.items():
        count = len(data) // _SECTOR
        starts[name] = next_sector
        fat += [next_sector + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN]
        next_sector += count
        data_sectors += data
    assert len(fat) <= _SECTOR // 4, "sample too large for one FAT sector"
    fat += [_FREESECT] * (_SECTOR // 4 - len(fat))

    entries = [_dir_entry("Root Entry", 5, child=1 if names else _NOSTREAM, start=_ENDOFCHAIN)]
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else _NOSTREAM
        if name in streams:
            entries.append(
                _dir_entry(name, 2, right=right, start=starts[name], size=len(padded[name]))
            )
        else:
            entries.append(_dir_entry(name, 1, right=right))
    while len(entries) < dir_sectors * 4:
        entries.append(_dir_entry("", 0))

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        _ENDOFCHAIN,
        0,
        _ENDOFCHAIN,
        0,
    ) + struct.pack("<109I", 0, *([_FREESECT] * 108))
    return header + struct.pack("<128I", *fat) + b"".join(entries) + data_sectors


def make_doc(*, encrypted: bool = False) -> bytes:
    """An OLE2 file with a ``WordDocument`` stream starting with a Word 97 FIB."""
    flags = 0x0100 if encrypted else 0
    fib = struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0, 0, flags)
    return make_ole({"WordDocument": fib, "1Table": b"\0" * 16})


def make_xls(*, encrypted: bool = False) -> bytes:
    """An OLE2 file with a BIFF8 ``Workbook`` stream (BOF [FILEPASS] ... EOF)."""
    records = struct.pack("<HH", 0x0809, 16) + b"\x00\x06\x05\x00" + b"\0" * 12
    if encrypted:
        records += struct.pack("<HH", 0x002F, 6) + b"\0" * 6
    records += struct.pack("<HH", 0x0042, 2) + b"\xb0\x04"  # CODEPAGE
    records += struct.pack("<HH", 0x000A, 0)  # EOF
    return make_ole({"Workbook": records})
