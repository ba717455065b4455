"""Check an upload's real file type by its content against an allow-list.

The type is decided by the bytes (magic numbers and container structure),
never by the name or the browser's Content-Type; the file name's extension
must then agree with what the content is.

Allowed kinds: PDF, DOCX/XLSX/PPTX (Office Open XML zip packages, verified via
``[Content_Types].xml``), DOC/XLS (OLE2 compound files, verified via their
root streams), plain text (UTF-8 or GBK/GB18030, no control characters), CSV
(plain text named ``.csv``), JPEG, PNG, GIF, WebP and MP4.

Refused regardless of the name: password-protected Office documents (their
content cannot be virus-scanned), documents containing VBA macros, and Office
Open XML packages that are decompression bombs or carry unsafe XML (a DTD,
deep nesting; ``cms.security.archives``, limits in ``ArchiveLimits``).

How detection is done, and why:

* The simple formats are matched with strict, hand-written signatures: the
  allow-list is small and closed, and each signature is one well-specified
  line. ``filetype`` (already installed with Wagtail's Willow) was checked and
  not used: its matchers are looser than an allow-list needs (GIF = first three
  bytes ``GIF``, PDF after a BOM, DOC only when the Word stream starts at
  sector 0, OOXML guessed from the first zip entry names) and it was last
  released in 2022. ``puremagic`` is maintained but breadth-oriented (ranked
  guesses over hundreds of types), which is the wrong shape for an allow-list.
* Neither library can tell DOCX from a macro-enabled DOCM, or DOC from XLS,
  reliably; that needs the containers to be opened. OOXML is read with the
  standard library's ``zipfile`` and ``defusedxml`` (already a Willow
  dependency); OLE2 with ``olefile`` (the maintained reference parser used by
  oletools), instead of a hand-written FAT/directory parser.

Everything here is a pure function of the bytes and the name; no Django.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import BinaryIO, Final
from xml.etree.ElementTree import ParseError

import olefile
from defusedxml import ElementTree as SafeElementTree

from cms.security.archives import DEFAULT_LIMITS, ArchiveLimits, ArchiveRefused, archive_check

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------- messages

MSG_EMPTY: Final = "上传的文件为空，请检查后重新上传。"
MSG_TOO_LARGE: Final = "文件大小（{size}）超过上限（{limit}），请压缩或拆分后重新上传。"
MSG_NO_EXTENSION: Final = "文件名缺少扩展名，无法确认文件类型，请检查文件名后重新上传。"
MSG_UNSUPPORTED: Final = "无法识别该文件的类型，或该类型不允许上传。允许的类型：{allowed}。"
MSG_NOT_ALLOWED: Final = "此处不允许上传{label}。允许的类型：{allowed}。"
MSG_EXTENSION_MISMATCH: Final = (
    "文件扩展名“.{extension}”与文件的实际内容（{label}）不符，请确认文件后重新上传。"
)
MSG_DAMAGED: Final = "文件已损坏或格式不完整，无法确认文件类型，请检查后重新上传。"
MSG_ENCRYPTED: Final = "加密或设有打开密码的文档无法进行安全检查，请取消密码后重新上传。"
MSG_MACROS: Final = "文档包含宏代码，出于安全考虑不予接收，请另存为不含宏的格式后重新上传。"
MSG_ARCHIVE_BOMB: Final = (
    "文档解压后过大（{reason}），可能是恶意构造的“压缩炸弹”，不予接收。"
    "请用办公软件另存为新文件，或拆分为几个较小的文档后重新上传。"
)
MSG_XML_UNSAFE: Final = (
    "文档的内部结构不安全（{reason}），可能是恶意构造的文件，不予接收。"
    "请用办公软件打开后另存为新文件，再重新上传。"
)


class UploadRejected(ValueError):
    """The upload is refused; ``user_message`` is for the uploader, ``code`` for code (one of
    these, or an ``ArchiveRefused`` code for a decompression bomb or unsafe XML)."""

    EMPTY: Final = "empty"
    TOO_LARGE: Final = "too_large"
    NO_EXTENSION: Final = "no_extension"
    UNSUPPORTED: Final = "unsupported"
    NOT_ALLOWED: Final = "not_allowed"
    EXTENSION_MISMATCH: Final = "extension_mismatch"
    DAMAGED: Final = "damaged"
    ENCRYPTED: Final = "encrypted"
    MACROS: Final = "macros"

    def __init__(self, code: str, user_message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail or user_message}")
        self.code = code
        self.user_message = user_message
        self.detail = detail


# --------------------------------------------------------------------------- kinds


@dataclass(frozen=True)
class FileKind:
    name: str
    label: str
    mime_type: str
    extensions: tuple[str, ...]


PDF: Final = FileKind("pdf", "PDF 文档", "application/pdf", ("pdf",))
DOCX: Final = FileKind(
    "docx",
    "Word 文档",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
XLSX: Final = FileKind(
    "xlsx",
    "Excel 工作簿",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ("xlsx",),
)
PPTX: Final = FileKind(
    "pptx",
    "PowerPoint 演示文稿",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ("pptx",),
)
DOC: Final = FileKind("doc", "Word 97-2003 文档", "application/msword", ("doc",))
XLS: Final = FileKind("xls", "Excel 97-2003 工作簿", "application/vnd.ms-excel", ("xls",))
TEXT: Final = FileKind("txt", "纯文本文件", "text/plain", ("txt",))
CSV: Final = FileKind("csv", "CSV 表格文件", "text/csv", ("csv",))
JPEG: Final = FileKind("jpeg", "JPEG 图片", "image/jpeg", ("jpg", "jpeg"))
PNG: Final = FileKind("png", "PNG 图片", "image/png", ("png",))
GIF: Final = FileKind("gif", "GIF 图片", "image/gif", ("gif",))
WEBP: Final = FileKind("webp", "WebP 图片", "image/webp", ("webp",))
MP4: Final = FileKind("mp4", "MP4 视频", "video/mp4", ("mp4",))

KINDS: Final[Mapping[str, FileKind]] = MappingProxyType(
    {k.name: k for k in (PDF, DOCX, XLSX, PPTX, DOC, XLS, TEXT, CSV, JPEG, PNG, GIF, WEBP, MP4)}
)
ALL_KINDS: Final = frozenset(KINDS)
IMAGE_KINDS: Final = frozenset({"jpeg", "png", "gif", "webp"})
DOCUMENT_KINDS: Final = frozenset({"pdf", "docx", "xlsx", "pptx", "doc", "xls", "txt", "csv"})
VIDEO_KINDS: Final = frozenset({"mp4"})
OOXML_KINDS: Final = frozenset({"docx", "xlsx", "pptx"})

# --------------------------------------------------------------------------- signatures

HEAD_SIZE: Final = 4096
_TEXT_CHUNK: Final = 1024 * 1024
_MAX_CONTENT_TYPES_SIZE: Final = 1024 * 1024

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC: Final = b"PK\x03\x04"
_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_PDF_RE: Final = re.compile(rb"%PDF-[12]\.[0-9]")
# C0 control characters other than tab, LF, VT, FF and CR, plus DEL.
_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# ISO base media brands that mean "MP4" (major or compatible brand).
_MP4_BRANDS: Final = frozenset(
    {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash"}
)
# Major brands of other ISO-BMFF formats that may list an MP4 compatible brand.
_NOT_MP4_MAJOR: Final = frozenset(
    {b"qt  ", b"heic", b"heix", b"mif1", b"msf1", b"avif", b"avis", b"M4A ", b"M4B ", b"M4P "}
    | {b"crx ", b"jp2 ", b"jpx "}
)

_OOXML_MAIN_TYPES: Final = (
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", DOCX),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", XLSX),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", PPTX),
)
_OOXML_MACRO_TYPES: Final = frozenset(
    {
        "application/vnd.ms-office.vbaproject",
        "application/vnd.ms-office.vbaprojectsignature",
        "application/vnd.ms-word.document.macroenabled.main+xml",
        "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
        "application/vnd.ms-excel.sheet.macroenabled.main+xml",
        "application/vnd.ms-excel.template.macroenabled.main+xml",
        "application/vnd.ms-excel.addin.macroenabled.main+xml",
        "application/vnd.ms-excel.sheet.binary.macroenabled.main",
        "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml",
        "application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml",
        "application/vnd.ms-powerpoint.template.macroenabled.main+xml",
    }
)


# --------------------------------------------------------------------------- API


def file_extension(filename: str) -> str:
    """The lower-case extension of ``filename`` without the dot ("" if none).

    Directory parts (``/`` or ``\\``) are ignored; ``"a.pdf."`` and ``".pdf"``
    have no extension.
    """
    name = re.split(r"[\\/]", filename)[-1].strip()
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem.strip(". ") or extension != extension.strip():
        return ""
    return extension.lower()


def format_size(size: int) -> str:
    """Human-readable size for messages, e.g. ``100 MB``, ``1.5 MB``, ``20 KB``."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} 字节"


def allowed_types_text(allowed: Iterable[str | FileKind] = ALL_KINDS) -> str:
    """``PDF、DOCX、…`` for messages, in the canonical order of :data:`KINDS`."""
    names = _kind_names(allowed)
    return "、".join(
        extension.upper()
        for kind in KINDS.values()
        if kind.name in names
        for extension in kind.extensions
    )


def detect_kind(source: bytes | bytearray | memoryview | BinaryIO) -> FileKind | None:
    """Identify ``source`` by content alone.

    Returns the :class:`FileKind`, or ``None`` if the content is none of the
    allowed kinds. Text content is reported as :data:`TEXT` (CSV is text with a
    ``.csv`` name, see :func:`check_upload`). Raises :class:`UploadRejected` for
    recognised but refused content (encrypted or macro-enabled Office
    documents, damaged containers). A file object must be binary and
    seekable; its position is restored afterwards.
    """
    with _Source(source) as src:
        return _detect(src)


def check_upload(
    source: bytes | bytearray | memoryview | BinaryIO,
    filename: str,
    *,
    max_size: int,
    allowed: Iterable[str | FileKind] = ALL_KINDS,
    archive_limits: ArchiveLimits = DEFAULT_LIMITS,
) -> FileKind:
    """Validate an upload's size, content type and extension; return its kind.

    ``max_size`` is in bytes; ``allowed`` restricts the kinds (names from
    :data:`KINDS`, e.g. :data:`IMAGE_KINDS`); an Office Open XML package must
    also keep within ``archive_limits``. Raises :class:`UploadRejected` with a
    Chinese ``user_message`` on any problem.
    """
    if max_size <= 0:
        raise ValueError("max_size must be positive")
    allowed_names = _kind_names(allowed)
    with _Source(source) as src:
        if src.size == 0:
            raise UploadRejected(UploadRejected.EMPTY, MSG_EMPTY)
        if src.size > max_size:
            raise UploadRejected(
                UploadRejected.TOO_LARGE,
                MSG_TOO_LARGE.format(size=format_size(src.size), limit=format_size(max_size)),
                f"{src.size} > {max_size} bytes",
            )
        extension = file_extension(filename)
        if not extension:
            raise UploadRejected(UploadRejected.NO_EXTENSION, MSG_NO_EXTENSION, repr(filename))
        kind = _check_kind(_detect(src), filename, extension, allowed_names)
        if kind.name in OOXML_KINDS:
            _check_archive(src, archive_limits)
    return kind


def _check_kind(
    kind: FileKind | None, filename: str, extension: str, allowed_names: frozenset[str]
) -> FileKind:
    allowed_text = allowed_types_text(allowed_names)
    if kind is None:
        raise UploadRejected(
            UploadRejected.UNSUPPORTED,
            MSG_UNSUPPORTED.format(allowed=allowed_text),
            f"unrecognised content for {filename!r}",
        )
    if kind is TEXT and extension in CSV.extensions:
        kind = CSV
    if extension not in kind.extensions:
        raise UploadRejected(
            UploadRejected.EXTENSION_MISMATCH,
            MSG_EXTENSION_MISMATCH.format(extension=extension, label=kind.label),
            f"{filename!r} contains {kind.name}",
        )
    if kind.name not in allowed_names:
        raise UploadRejected(
            UploadRejected.NOT_ALLOWED,
            MSG_NOT_ALLOWED.format(label=kind.label, allowed=allowed_text),
            f"{kind.name} not in {sorted(allowed_names)}",
        )
    return kind


def _check_archive(src: _Source, limits: ArchiveLimits) -> None:
    """Refuse decompression bombs and unsafe XML in an Office Open XML package."""
    try:
        archive_check(src.view(), limits)
    except ArchiveRefused as refused:
        message = MSG_XML_UNSAFE if refused.is_xml else MSG_ARCHIVE_BOMB
        logger.info("upload refused as a likely bomb: %s", refused.detail)
        reason = message.format(reason=refused.reason)
        raise UploadRejected(refused.code, reason, refused.detail) from refused
    # NotImplementedError (an unsupported compression method) is a RuntimeError.
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ParseError) as exc:
        raise _damaged(f"unreadable package part: {exc!r}") from exc


# --------------------------------------------------------------------------- internals


def _kind_names(allowed: Iterable[str | FileKind]) -> frozenset[str]:
    names = frozenset(k.name if isinstance(k, FileKind) else k for k in allowed)
    unknown = names - ALL_KINDS
    if unknown:
        raise ValueError(f"unknown file kinds: {sorted(unknown)}")
    return names


class _Source:
    """Uniform, position-preserving access to bytes or a seekable binary file."""

    def __init__(self, source: bytes | bytearray | memoryview | BinaryIO) -> None:
        if isinstance(source, str):
            raise TypeError("expected bytes or a binary file object, not str")
        if isinstance(source, bytes | bytearray | memoryview):
            self.file: BinaryIO = io.BytesIO(source)
        else:
            if not (hasattr(source, "read") and hasattr(source, "seek")):
                raise TypeError("expected bytes or a seekable binary file object")
            self.file = source
        self.start = 0
        self.size = 0
        self.head = b""

    def __enter__(self) -> _Source:
        self.start = self.file.tell()
        self.size = self.file.seek(0, io.SEEK_END) - self.start
        self.file.seek(self.start)
        head = self.file.read(HEAD_SIZE)
        if not isinstance(head, bytes | bytearray):
            raise TypeError("the file must be opened in binary mode")
        self.head = bytes(head)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.file.seek(self.start)

    def rewind(self) -> BinaryIO:
        self.file.seek(self.start)
        return self.file

    def view(self) -> BinaryIO:
        """A file object whose offset 0 is the start of the upload."""
        if self.start == 0:
            return self.rewind()
        return io.BytesIO(self.rewind().read())

    def chunks(self) -> Iterable[bytes]:
        file = self.rewind()
        while chunk := file.read(_TEXT_CHUNK):
            yield chunk


def _detect(src: _Source) -> FileKind | None:
    head = src.head
    if _PDF_RE.match(head):
        return PDF
    if head.startswith(_PNG_MAGIC) and head[12:16] == b"IHDR":
        return PNG
    if head[:3] == b"\xff\xd8\xff" and len(head) > 3 and 0xC0 <= head[3] <= 0xFE:
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and head[12:16] in (b"VP8 ", b"VP8L", b"VP8X"):
        return WEBP
    if _is_mp4(head):
        return MP4
    if head.startswith(_ZIP_MAGIC):
        return _detect_ooxml(src)
    if head.startswith(_OLE_MAGIC):
        return _detect_ole(src)
    if _is_text(src):
        return TEXT
    return None


def _is_mp4(head: bytes) -> bool:
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    (box_size,) = struct.unpack(">I", head[:4])
    if not 16 <= box_size <= len(head) or box_size % 4:
        return False
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, box_size, 4)}
    if major in _MP4_BRANDS:
        return True
    return major not in _NOT_MP4_MAJOR and bool(compatible & _MP4_BRANDS)


def _detect_ooxml(src: _Source) -> FileKind | None:
    try:
        with zipfile.ZipFile(src.view()) as archive:
            names = {name.lower() for name in archive.namelist()}
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None  # a plain zip archive: not on the allow-list
            if info.flag_bits & 0x1:
                raise _damaged("encrypted zip entry [Content_Types].xml")
            if info.file_size > _MAX_CONTENT_TYPES_SIZE:
                raise _damaged(f"[Content_Types].xml is {info.file_size} bytes")
            content_types = archive.read(info)
    except UploadRejected:
        raise
    # RuntimeError covers NotImplementedError (unsupported compression method).
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        raise _damaged(f"unreadable zip: {exc!r}") from exc
    except (RuntimeError, ValueError) as exc:
        raise _damaged(f"unreadable zip: {exc!r}") from exc

    try:
        root = SafeElementTree.fromstring(content_types)
    except Exception as exc:  # noqa: BLE001 - any parser failure means a broken package
        raise _damaged(f"bad [Content_Types].xml: {exc}") from exc

    overrides: dict[str, str] = {}
    declared: set[str] = set()
    for element in root:
        tag = element.tag.rsplit("}", 1)[-1]
        content_type = (element.get("ContentType") or "").strip().lower()
        declared.add(content_type)
        if tag == "Override":
            part_name = (element.get("PartName") or "").lstrip("/").lower()
            overrides[part_name] = content_type

    if declared & _OOXML_MACRO_TYPES or any(n.endswith("vbaproject.bin") for n in names):
        raise UploadRejected(UploadRejected.MACROS, MSG_MACROS, "OOXML package with VBA")
    for main_type, kind in _OOXML_MAIN_TYPES:
        parts = [part for part, ct in overrides.items() if ct == main_type]
        if parts:
            if not all(part in names for part in parts):
                raise _damaged(f"{kind.name} main part {parts} missing")
            return kind
    return None


def _detect_ole(src: _Source) -> FileKind | None:
    try:
        # Always a file object: olefile treats short *bytes* as a path name.
        with olefile.OleFileIO(src.view(), raise_defects=olefile.DEFECT_INCORRECT) as ole:
            root_names = {path[0].lower() for path in ole.listdir(streams=True, storages=True)}
            if root_names & {"encryptedpackage", "encryptioninfo"}:
                raise UploadRejected(UploadRejected.ENCRYPTED, MSG_ENCRYPTED, "encrypted OOXML")
            if root_names & {"macros", "_vba_project_cur", "_vba_project"}:
                raise UploadRejected(UploadRejected.MACROS, MSG_MACROS, "OLE2 file with VBA")
            if "worddocument" in root_names:
                fib = ole.openstream("WordDocument").read(12)
                if len(fib) < 12 or fib[:2] != b"\xec\xa5":
                    raise _damaged("bad Word FIB")
                if struct.unpack("<H", fib[10:12])[0] & 0x0100:  # fEncrypted
                    raise UploadRejected(UploadRejected.ENCRYPTED, MSG_ENCRYPTED, "encrypted DOC")
                return DOC
            for stream in ("workbook", "book"):
                if stream in root_names:
                    if _xls_is_encrypted(ole.openstream(stream).read()):
                        raise UploadRejected(
                            UploadRejected.ENCRYPTED, MSG_ENCRYPTED, "encrypted XLS"
                        )
                    return XLS
            return None
    except UploadRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile raises many types on malformed input
        raise _damaged(f"unreadable OLE2 file: {exc!r}") from exc


def _xls_is_encrypted(workbook: bytes) -> bool:
    """True if the BIFF globals substream has a FILEPASS record before its EOF."""
    offset = 0
    for _ in range(10_000):
        if offset + 4 > len(workbook):
            return False
        record_type, length = struct.unpack_from("<HH", workbook, offset)
        if record_type == 0x002F:  # FILEPASS
            return True
        if record_type == 0x000A:  # EOF of the globals substream
            return False
        offset += 4 + length
    return False


def _is_text(src: _Source) -> bool:
    """UTF-8 (optionally with BOM) or GBK/GB18030 text without control characters."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in src.chunks():
                if _CONTROL_RE.search(decoder.decode(chunk)):
                    return False
            if _CONTROL_RE.search(decoder.decode(b"", final=True)):
                return False
        except UnicodeDecodeError:
            continue
        return True
    return False


def _damaged(detail: str) -> UploadRejected:
    logger.info("upload rejected as damaged: %s", detail)
    return UploadRejected(UploadRejected.DAMAGED, MSG_DAMAGED, detail)
