"""Rich text for the mini-program: sanitised HTML and the same content as ``<rich-text>`` nodes.

The whitelist is WeChat's for the ``<rich-text>`` component
(https://developers.weixin.qq.com/miniprogram/dev/component/rich-text.html): about 60 tags, each
with a few attributes, ``class`` and ``style`` on all, never ``id``; an unknown tag is dropped
with its children. Sanitising happens here, on the server, with ammonia (nh3), so that neither
``body_html`` nor ``body_nodes`` can carry what the component or mp-html would refuse or run.
Pure functions: no ORM, no settings.
"""

import html
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import nh3

# fmt: off
_PLAIN_TAGS = [
    "a", "abbr", "address", "article", "aside", "b", "bdi", "big", "blockquote", "br", "caption",
    "center", "cite", "code", "dd", "del", "div", "dl", "dt", "em", "fieldset", "font", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "ins", "label", "legend", "li",
    "mark", "nav", "p", "pre", "q", "rt", "ruby", "s", "section", "small", "span", "strong", "sub",
    "sup", "tbody", "tfoot", "thead", "tt", "u", "ul",
]
# fmt: on
_CELL = frozenset({"colspan", "height", "rowspan", "width"})
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in _PLAIN_TAGS},
    "bdo": frozenset({"dir"}),
    "col": frozenset({"span", "width"}),
    "colgroup": frozenset({"span", "width"}),
    "img": frozenset({"alt", "src", "height", "width"}),
    "ol": frozenset({"start", "type"}),
    "table": frozenset({"width"}),
    "td": _CELL,
    "th": _CELL,
    "tr": _CELL,
}
RICH_TEXT_TAGS = frozenset(TAG_ATTRIBUTES)
GLOBAL_ATTRIBUTES = frozenset({"class", "style"})
VOID_TAGS = frozenset({"br", "hr", "img", "col"})
# Dropped together with everything inside them, as the component drops unknown tags.
# fmt: off
DROPPED_WITH_CONTENT = frozenset([
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template",
    "noscript", "svg", "math", "video", "audio", "source", "track", "canvas", "form", "input",
    "button", "select", "textarea", "head", "title", "meta", "link", "base",
])
# fmt: on
URL_SCHEMES = frozenset({"http", "https"})
# Attributes of the editor's content: the component's own, less class and style, which only the
# API's generated markup (images) uses, so stored content cannot restyle or smuggle CSS.
_CONTENT_ATTRIBUTES = {tag: set(attrs) for tag, attrs in TAG_ATTRIBUTES.items() if attrs}
_LINK_ATTRIBUTES = {**_CONTENT_ATTRIBUTES, "a": {"href"}}


def absolute_url(url: str, *, base_url: str) -> str | None:
    """``url`` resolved against ``base_url``; None unless the result is http(s)."""
    resolved = urljoin(base_url.rstrip("/") + "/", url.strip())
    return resolved if urlsplit(resolved).scheme in URL_SCHEMES else None


def _clean(raw: str, *, base_url: str, attributes: dict) -> str:
    def keep(tag, attribute, value):
        if attribute == "src":
            return absolute_url(value, base_url=base_url)
        return value

    return nh3.clean(
        raw,
        tags=set(RICH_TEXT_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=attributes,
        attribute_filter=keep,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def html_sanitise(raw: str, *, base_url: str) -> str:
    """Only the component's tags and attributes; image sources made absolute http(s)."""
    return _clean(raw, base_url=base_url, attributes=_CONTENT_ATTRIBUTES)


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, list[str]]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = []
            self.links.append((dict(attrs).get("href") or "", self._open))

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)


def html_links(raw: str, *, base_url: str) -> list[dict]:
    """The links of ``raw`` as ``{"text", "url"}`` with absolute http(s) URLs: ``<rich-text>``
    keeps no ``href``, so the mini-program offers them beside the text."""
    collector = _LinkCollector()
    # Links are read from sanitised HTML too, so none comes from content that is dropped.
    collector.feed(_clean(raw, base_url=base_url, attributes=_LINK_ATTRIBUTES))
    links = []
    for href, parts in collector.links:
        url = absolute_url(href, base_url=base_url) if href else None
        if url:
            links.append({"text": "".join(parts).strip(), "url": url})
    return links


class _NodeBuilder(HTMLParser):
    """Parses sanitised HTML into the component's nodes; refuses anything off the whitelist a
    second time, so the nodes hold even if the HTML was not sanitised."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root: list[dict] = []
        self._stack: list[list[dict]] = [self.root]
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if self._skipping or tag not in RICH_TEXT_TAGS:
            self._skipping += tag not in VOID_TAGS
            return
        node = {"type": "node", "name": tag, "attrs": node_attrs(tag, attrs)}
        self._stack[-1].append(node)
        if tag not in VOID_TAGS:
            node["children"] = []
            self._stack.append(node["children"])

    def handle_startendtag(self, tag, attrs):
        if not self._skipping and tag in RICH_TEXT_TAGS:
            self._stack[-1].append({"type": "node", "name": tag, "attrs": node_attrs(tag, attrs)})

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if self._skipping:
            self._skipping -= 1
        elif tag in RICH_TEXT_TAGS and len(self._stack) > 1:
            self._stack.pop()

    def handle_data(self, data):
        if not self._skipping and data:
            # The component decodes entities in text nodes, so text goes back escaped.
            self._stack[-1].append({"type": "text", "text": html.escape(data, quote=False)})


def node_attrs(tag: str, attrs) -> dict:
    allowed = TAG_ATTRIBUTES[tag] | GLOBAL_ATTRIBUTES
    kept = {name: value or "" for name, value in attrs if name in allowed}
    if "src" in kept and urlsplit(kept["src"]).scheme not in URL_SCHEMES:
        del kept["src"]
    return kept


def html_nodes(clean_html: str) -> list[dict]:
    """The ``nodes`` array of ``<rich-text>`` for sanitised HTML."""
    builder = _NodeBuilder()
    builder.feed(clean_html)
    builder.close()
    return builder.root


def image_html(*, src: str, width: int, height: int, alt: str = "") -> str:
    """An image as the API emits it: scaled to the screen's width by the component."""
    return (
        f'<p><img src="{html.escape(src)}" width="{int(width)}" height="{int(height)}" '
        f'alt="{html.escape(alt)}" style="max-width:100%;height:auto"/></p>'
    )


def caption_html(text: str) -> str:
    return f'<p class="caption">{html.escape(text)}</p>' if text else ""
