"""Decompression-bomb checks for ZIP-based documents (DOCX, XLSX, PPTX), before anything parses
them (R-13, R-15). Pure: the standard library's ``zipfile`` and ``defusedxml``, no Django.

A package is refused (:class:`ArchiveRefused`, with a Chinese ``reason``) when

* it has more parts than ``max_parts`` (a central directory of millions of entries);
* a part expands to more than ``max_ratio`` times its compressed size, once it is past
  ``ratio_grace_bytes`` (small parts compress far better than 100:1 without being bombs). 100
  is Apache POI's ``ZipSecureFile`` default (minimum inflate ratio 0.01); real Office parts
  stay well under it, the 29 KiB DOCX whose 8 MiB ``document.xml`` took 16 s to read does not;
* all parts together expand past ``max_expanded_bytes``, or the XML parts past
  ``max_xml_bytes`` (what parsers must hold in memory and walk: the expensive part);
* an XML part (``.xml``, ``.rels``) declares a DTD, where entity expansion ("billion laughs")
  lives: ECMA-376 Part 2 forbids DTDs in Office packages, so no real file carries one;
* an XML part nests elements deeper than ``max_xml_depth`` (256, libxml2's own limit without
  ``XML_PARSE_HUGE``: python-docx could not read such a file anyway).

Declared sizes in the central directory are checked first (cheap, refuses most bombs without
inflating a byte), then every part is inflated in bounded chunks and counted as it comes: the
declared sizes are the attacker's to choose, so they are never trusted alone. Malformed XML
raises ``xml.etree.ElementTree.ParseError`` and a broken archive ``zipfile.BadZipFile`` (or
``zlib.error``, ``EOFError``, ``NotImplementedError``): the callers call such a file damaged.
Parts under other names (images, media, ``.vml`` drawings, which Office writes as loose HTML)
are counted but not parsed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO, Final

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

MIB: Final = 1024 * 1024
_CHUNK: Final = 64 * 1024
_XML_SUFFIXES: Final = (".xml", ".rels")


@dataclass(frozen=True)
class ArchiveLimits:
    max_parts: int = 10_000
    max_ratio: int = 100
    ratio_grace_bytes: int = MIB
    max_expanded_bytes: int = 256 * MIB
    max_xml_bytes: int = 32 * MIB
    max_xml_depth: int = 256


DEFAULT_LIMITS: Final = ArchiveLimits()


class ArchiveRefused(ValueError):
    """A package refused as a likely bomb; ``reason`` is Chinese, for people."""

    PARTS: Final = "archive_parts"
    RATIO: Final = "archive_ratio"
    EXPANDED: Final = "archive_expanded"
    XML_SIZE: Final = "archive_xml_size"
    XML_DTD: Final = "xml_dtd"
    XML_DEPTH: Final = "xml_depth"

    def __init__(self, code: str, reason: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.reason = reason
        self.detail = detail

    @property
    def is_xml(self) -> bool:
        return self.code in (self.XML_DTD, self.XML_DEPTH)


def archive_check(source: BinaryIO, limits: ArchiveLimits = DEFAULT_LIMITS) -> None:
    """Raise :class:`ArchiveRefused` if the ZIP package ``source`` breaks ``limits``.

    ``source`` is a seekable binary file whose offset 0 is the package's start.
    """
    with zipfile.ZipFile(source) as archive:
        parts = archive.infolist()
        _check_declared(parts, limits)
        tally = _Tally(limits)
        for info in parts:
            _inflate_part(archive, info, tally)


def _megabytes(size: int) -> str:
    return f"{size / MIB:g} MB"


def _is_xml(name: str) -> bool:
    return name.lower().endswith(_XML_SUFFIXES)


def _check_declared(parts: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    if len(parts) > limits.max_parts:
        raise ArchiveRefused(
            ArchiveRefused.PARTS,
            f"包含{len(parts)}个部件，上限为{limits.max_parts}个",
            f"{len(parts)} parts > {limits.max_parts}",
        )
    tally = _Tally(limits)
    for info in parts:
        tally.add(info, info.file_size)


class _Tally:
    """Bytes expanded so far, against the limits: per part (ratio) and in total."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.total = 0
        self.xml = 0

    def add(self, info: zipfile.ZipInfo, expanded: int, already: int = 0) -> None:
        """Count ``expanded`` bytes of ``info``, of which ``already`` were counted before."""
        self.total += expanded - already
        if _is_xml(info.filename):
            self.xml += expanded - already
        self._check_ratio(info, expanded)
        self._check_totals()

    def _check_ratio(self, info: zipfile.ZipInfo, expanded: int) -> None:
        limit = self.limits.max_ratio
        if expanded > self.limits.ratio_grace_bytes and expanded > limit * info.compress_size:
            raise ArchiveRefused(
                ArchiveRefused.RATIO,
                f"部件“{info.filename}”解压后超过压缩大小的{limit}倍",
                f"{info.filename!r}: {expanded} bytes from {info.compress_size}",
            )

    def _check_totals(self) -> None:
        limits = self.limits
        if self.total > limits.max_expanded_bytes:
            raise ArchiveRefused(
                ArchiveRefused.EXPANDED,
                f"解压后合计超过{_megabytes(limits.max_expanded_bytes)}",
                f"{self.total} bytes expanded > {limits.max_expanded_bytes}",
            )
        if self.xml > limits.max_xml_bytes:
            raise ArchiveRefused(
                ArchiveRefused.XML_SIZE,
                f"XML 部件解压后合计超过{_megabytes(limits.max_xml_bytes)}",
                f"{self.xml} bytes of XML > {limits.max_xml_bytes}",
            )


def _inflate_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, tally: _Tally) -> None:
    checker = _XmlChecker(info.filename, tally.limits) if _is_xml(info.filename) else None
    expanded = 0
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            tally.add(info, expanded + len(chunk), already=expanded)
            expanded += len(chunk)
            if checker:
                checker.feed(chunk)
    if checker and expanded:  # an empty part holds no XML to check
        checker.close()


class _DepthTarget:
    """Parser target that only follows the nesting depth (no tree is built)."""

    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.depth = 0

    def start(self, tag: str, attrib: dict) -> None:
        self.depth += 1
        if self.depth > self.limit:
            raise ArchiveRefused(
                ArchiveRefused.XML_DEPTH,
                f"部件“{self.name}”的元素嵌套超过{self.limit}层",
                f"{self.name!r}: XML nested deeper than {self.limit}",
            )

    def end(self, tag: str) -> None:
        self.depth -= 1

    def close(self) -> None:
        return None


class _XmlChecker:
    def __init__(self, name: str, limits: ArchiveLimits) -> None:
        self.name = name
        self.parser = DefusedXMLParser(
            target=_DepthTarget(name, limits.max_xml_depth), forbid_dtd=True
        )

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.feed(chunk)
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as error:
            raise ArchiveRefused(
                ArchiveRefused.XML_DTD,
                f"部件“{self.name}”含有 DTD 或实体声明",
                f"{self.name!r}: {error}",
            ) from None

    def close(self) -> None:
        self.parser.close()
