"""Links in an item's rich text, sorted by kind: pure, no ORM.

Wagtail stores a link chosen in the editor as ``<a linktype="page" id="3">`` or
``<a linktype="document" id="5">`` (the current address is written when the page is shown, so
moving the target never breaks it); anything typed by hand is an ``href``: a path or an address
on one of the site's own hosts is internal and must lead to a live page or a document, anything
else over http(s) is external.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

PAGE, DOCUMENT, PATH, EXTERNAL = "page", "document", "path", "external"
DOCUMENT_PATH = re.compile(r"^/documents/(\d+)/")


@dataclass(frozen=True)
class Link:
    kind: str
    target: str  # a page or document id, a path, or an address
    text: str = ""


def links_in(html: str, *, own_hosts: frozenset[str] = frozenset()) -> list[Link]:
    """The links of a rich text value (stored format), in order, each once."""
    if not html or "<a" not in html:
        return []
    found = []
    for anchor in BeautifulSoup(html, "html.parser").find_all("a"):
        link = _link(anchor, own_hosts)
        if link is not None and link not in found:
            found.append(link)
    return found


def _link(anchor, own_hosts) -> Link | None:
    text = " ".join(anchor.get_text(" ").split())[:100]
    linktype = anchor.get("linktype")
    if linktype in (PAGE, DOCUMENT) and str(anchor.get("id", "")).isdigit():
        return Link(linktype, anchor["id"], text)
    href = (anchor.get("href") or "").strip()
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and parts.hostname:
        if parts.hostname.lower() in own_hosts:
            return Link(PATH, unquote(parts.path) or "/", text)
        return Link(EXTERNAL, href, text)
    if not parts.scheme and href.startswith("/") and not href.startswith("//"):
        return Link(PATH, unquote(parts.path), text)
    return None  # mailto:, tel:, #anchors, relative oddities


def document_id(path: str) -> int | None:
    match = DOCUMENT_PATH.match(path)
    return int(match.group(1)) if match else None
