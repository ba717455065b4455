"""What a person sees on an admin page, and where its links go (R-23).

A stdlib ``HTMLParser`` walk: text nodes outside script/style/code/pre, the attributes a person
sees or hears (title, alt, placeholder, aria-label, a button's value), the ``href``s and the
actions of GET forms, and the labels and links of Wagtail's sidebar, which reaches the page as
JSON for its React menu.
"""

import json
import re
import zoneinfo
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Text that is code, keys or program output, not sentences of the interface. Elements with the
# ``hidden`` attribute are checked: Wagtail's dropdown menus are hidden until opened.
HIDDEN_TEXT_TAGS = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea"})
# Placeholders that Wagtail's scripts fill in before showing them (the side panels' counters).
SCRIPT_FILLED = frozenset({"data-side-panel-toggle-counter"})
VISIBLE_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# The JSON of Wagtail's sidebar and of its other client-side widgets.
JSON_SCRIPT_IDS = ("wagtail-sidebar-props",)
SHOWN_JSON_KEYS = frozenset({"label", "title", "help_text"})


@dataclass(frozen=True)
class Text:
    value: str
    # The element it is in, e.g. ``span.w-sr-only`` or ``input[placeholder]``.
    where: str


@dataclass
class PageScan:
    texts: list[Text] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self, scan: PageScan):
        super().__init__(convert_charrefs=True)
        self.scan = scan
        # (tag, description, hides its text): the open elements, innermost last.
        self.open: list[tuple[str, str, bool]] = []
        self.hidden_depth = 0
        self.json_chunks: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hides = tag in HIDDEN_TEXT_TAGS or bool(SCRIPT_FILLED & attributes.keys())
        self._attributes(tag, attributes)
        if tag in VOID_TAGS:
            return
        self.open.append((tag, _element(tag, attributes), hides))
        self.hidden_depth += hides
        if tag == "script" and attributes.get("id") in JSON_SCRIPT_IDS:
            self.json_chunks = []

    def handle_startendtag(self, tag, attrs):
        self._attributes(tag, dict(attrs))

    def handle_endtag(self, tag):
        # Close up to the matching element, as a browser does with unclosed <p> and <li>.
        if tag not in {open_tag for open_tag, _, _ in self.open}:
            return
        while self.open:
            open_tag, _, hides = self.open.pop()
            self.hidden_depth -= hides
            if open_tag == tag:
                break
        if tag == "script" and self.json_chunks is not None:
            _json_walk(json.loads("".join(self.json_chunks) or "null"), self.scan)
            self.json_chunks = None

    def handle_data(self, data):
        if self.json_chunks is not None:
            self.json_chunks.append(data)
        elif not self.hidden_depth and data.strip():
            where = self.open[-1][1] if self.open else ""
            self.scan.texts.append(Text(data.strip(), where))

    def _attributes(self, tag, attributes):
        if link := _link(tag, attributes):
            self.scan.links.append(link)
        if self.hidden_depth:
            return
        shown = VISIBLE_ATTRIBUTES & attributes.keys()
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
            shown.add("value")
        for name in sorted(shown):
            if (attributes.get(name) or "").strip():
                where = f"{_element(tag, attributes)}[{name}]"
                self.scan.texts.append(Text(attributes[name].strip(), where))


def _link(tag: str, attributes: dict) -> str:
    if tag == "a":
        return attributes.get("href") or ""
    # A GET form (a search, a filter, an export) is followed without its fields.
    if tag == "form" and (attributes.get("method") or "get").lower() == "get":
        return attributes.get("action") or ""
    return ""


def _json_walk(value, scan: PageScan, key: str = "") -> None:
    if isinstance(value, dict):
        for child_key, child in value.items():
            _json_walk(child, scan, child_key)
    elif isinstance(value, list):
        for child in value:
            _json_walk(child, scan, key)
    elif isinstance(value, str):
        if key == "url" and value.startswith("/"):
            scan.links.append(value)
        elif key in SHOWN_JSON_KEYS and value.strip():
            scan.texts.append(Text(value.strip(), f"sidebar {key}"))


def _element(tag: str, attributes: dict) -> str:
    classes = (attributes.get("class") or "").split()
    return tag + "".join(f".{name}" for name in classes[:2])


def page_scan(html: str) -> PageScan:
    """The visible texts and the links of an HTML document or fragment."""
    scan = PageScan()
    scanner = _Scanner(scan)
    scanner.feed(html)
    scanner.close()
    return scan


# --- English on the page -------------------------------------------------------------------

# What may stay in Latin letters on a Chinese page: names of products, formats and standards,
# key names and units. The demo's own data (usernames) is passed in by the caller.
ALLOWED_WORDS = frozenset(
    {
        # products, formats, standards
        "wagtail", "wechat", "icp", "javascript", "excel", "google", "microsoft",
        "authenticator", "freeotp", "totp", "pdf", "csv", "xlsx", "docx", "txt", "json",
        "jpeg", "jpg", "png", "gif", "webp", "avif", "svg", "utf", "sha", "api", "url", "id",
        "rss", "atom",
        # cryptographic algorithms, named by their standards (GB/T 32905, 32907; RFC 2104)
        "hmac", "sm2", "sm3", "sm4", "aes", "gcm",
        "ip", "http", "https",
        # keys
        "ctrl", "shift", "alt", "esc",
        # units
        "kb", "mb", "gb",
    }
)  # fmt: skip
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w])/[\w./?=&%\[\]-]*")
_FILE_NAME = re.compile(r"[\w.-]+\.(?:[A-Za-z0-9]{2,5})\b")
# Identifiers (snake_case, app_label.model), hashes and their abbreviations.
_CODE = re.compile(r"\b\w*_\w*\b|\b[a-z]+(?:\.[a-z]+)+\b|\b[0-9a-f]{8,}\b…?")
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]+")
TIME_ZONES = frozenset(zoneinfo.available_timezones())


def english_words(text: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Words of English left in ``text`` once addresses, URLs, file names, identifiers,
    time-zone names and the allowed words are set aside."""
    if text in TIME_ZONES:
        return []
    for pattern in (_EMAIL, _URL, _FILE_NAME, _CODE):
        text = pattern.sub(" ", text)
    ok = ALLOWED_WORDS | {word.lower() for word in allowed}
    return [word for word in _WORD.findall(text) if word.lower() not in ok]
