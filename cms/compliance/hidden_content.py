"""暗链 in an item: its rich text, and its Word attachments and original materials, as
screening hits (``xiuying_screening_hits``): a hidden link blocks submission and approval like a
forbidden term, and rescreening live items records it as a finding (R-12, R-18).

A document's result is cached by the file's hash, as screening caches a document's text. HTML
files are not among the document types the site accepts (WAGTAILDOCS_EXTENSIONS), so Word files
are the attachments that can carry hidden formatting; a PDF's text screening reads as it is.
"""

import re
import zipfile
from io import BytesIO

from django.core.cache import cache

from cms.compliance.hidden import HIDDEN_TERM, HiddenFinding, find_hidden
from cms.screening.engine import EntryKind, Hit

CATEGORY = "other_unlawful"  # 法律法规禁止的其他内容
CACHE_KEY = "xiuying:compliance:hidden:v1:{}"
CACHE_SECONDS = 30 * 24 * 3600
MAX_BYTES = 5 * 1024 * 1024  # of a Word file's document part


def article_hidden_hits(article) -> list[Hit]:
    """``xiuying_screening_hits``: a blocking hit per hidden element found."""
    hits = []
    for number, block in enumerate(getattr(article, "body", None) or (), 1):
        where = f"正文第{number}块"
        if block.block_type == "paragraph":
            hits += _hits(where, find_hidden(block.value.source))
        elif block.block_type == "attachment" and block.value.get("document"):
            document = block.value["document"]
            hits += _hits(f"附件《{document.title}》", document_hidden(document))
    for material in article.original_materials.all():
        document = material.document
        hits += _hits(f"原始资料《{document.title}》", document_hidden(document))
    return hits


def _hits(where: str, found: list[HiddenFinding]) -> list[Hit]:
    return [
        Hit(
            EntryKind.FORBIDDEN,
            CATEGORY,
            HIDDEN_TERM,
            (finding.links[0] if finding.links else finding.text)[:200],
            index,
            index + 1,
            field=where,
            note=f"【暗链】“{where}”中{finding.message}。",
        )
        for index, finding in enumerate(found)
    ]


def document_hidden(document) -> list[HiddenFinding]:
    if document.file_extension.lower() != "docx":
        return []
    try:
        key = CACHE_KEY.format(document.get_file_hash())
        found = cache.get(key)
        if found is None:
            with document.open_file() as handle:
                found = docx_hidden(handle.read())
            cache.set(key, found, CACHE_SECONDS)
    except OSError:  # gone from storage: screening already sends it to a person
        return []
    return found


# Word: runs formatted hidden (w:vanish), in a 1-point-or-smaller size, or in white --------

_RUN = re.compile(r"<w:r\b[^>]*>(.*?)</w:r>", re.S)
_HYPERLINK = re.compile(r"<w:hyperlink\b([^>]*)>(.*?)</w:hyperlink>", re.S)
_TEXT = re.compile(r"<w:t\b[^>]*>([^<]*)</w:t>")
_FIELD_LINK = re.compile(r'HYPERLINK\s+"([^"]+)"')


def docx_hidden(data: bytes) -> list[HiddenFinding]:
    """Hidden runs of a Word file's main part, one finding per technique, with the text and the
    links (hyperlinks and HYPERLINK fields) they hide. Upload checks already refused archive
    bombs; the part read is capped all the same."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            xml = _read(archive, "word/document.xml")
            rels = _read(archive, "word/_rels/document.xml.rels")
    except (zipfile.BadZipFile, KeyError):
        return []
    targets = _relationships(rels)
    hidden: dict[str, tuple[list[str], list[str]]] = {}
    for attributes, inner in _HYPERLINK.findall(xml):
        technique = _run_technique(inner)
        rid = re.search(r'r:id="([^"]+)"', attributes)
        if technique and rid and rid.group(1) in targets:
            hidden.setdefault(technique, ([], []))[1].append(targets[rid.group(1)])
    for run in _RUN.findall(xml):
        if technique := _run_technique(run):
            texts, links = hidden.setdefault(technique, ([], []))
            texts += _TEXT.findall(run)
            links += _FIELD_LINK.findall(run)
    return [
        HiddenFinding(technique, "".join(texts)[:60], tuple(dict.fromkeys(links)))
        for technique, (texts, links) in hidden.items()
        if "".join(texts).strip() or links
    ]


def _read(archive: zipfile.ZipFile, name: str) -> str:
    with archive.open(name) as part:
        return part.read(MAX_BYTES).decode("utf-8", "replace")


def _relationships(rels: str) -> dict[str, str]:
    targets = {}
    for element in re.findall(r"<Relationship\b[^>]*>", rels):
        rid, target = re.search(r'Id="([^"]+)"', element), re.search(r'Target="([^"]+)"', element)
        if rid and target:
            targets[rid.group(1)] = target.group(1)
    return targets


def _run_technique(run: str) -> str | None:
    if re.search(r"<w:(vanish|specVanish)\b(?![^>]*w:val=\"(0|false)\")", run):
        return "hidden_attr"
    size = re.search(r'<w:sz\b[^>]*w:val="(\d+)"', run)  # half-points
    if size and int(size.group(1)) <= 2:
        return "font_size"
    colour = re.search(r'<w:color\b[^>]*w:val="([0-9A-Fa-f]{6})"', run)
    shading = re.search(r'<w:(shd|highlight)\b[^>]*w:(fill|val)="(?!auto|none|FFFFFF)', run)
    if colour and colour.group(1).upper() == "FFFFFF" and not shading:
        return "same_colour"
    return None
