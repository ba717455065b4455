"""Hidden links and hidden text (暗链) in HTML: pure, no ORM.

A 暗链 is content a visitor cannot see but a search engine (or an inspector's crawler) reads,
most often links to gambling or other harmful sites planted through a compromised editor or an
imported document. The detector walks the tree keeping what each element inherits (its hidden
ancestor, its text and background colours), and reports each outermost element made invisible
that holds text, a link or a frame, with the technique used. Ordinary styling (colours, sizes,
alignment, the first-line indent of Chinese paragraphs) is not flagged.

Techniques: display:none, visibility:hidden, opacity:0, zero or tiny font size, off-screen
positioning or indent, text the colour of its background, zero-size boxes with overflow hidden,
clipping, scale(0), the ``hidden`` attribute, zero-size or hidden iframes, <marquee> tricks,
script that writes markup, and any of these applied through a <style> rule.
"""

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

HIDDEN_TERM = "暗链"
SNIPPET_CHARS = 60

TECHNIQUES = {  # shown to editors: Chinese only
    "display_none": "设为不显示",
    "visibility": "设为不可见",
    "opacity": "透明度为零",
    "font_size": "字号为零或极小",
    "offscreen": "定位或缩进到屏幕之外",
    "same_colour": "文字颜色与背景相同",
    "zero_size": "尺寸为零且溢出隐藏",
    "clip": "裁剪为不可见",
    "scale": "缩放为零",
    "hidden_attr": "隐藏属性",
    "iframe": "零尺寸或隐藏的内嵌框架",
    "marquee": "滚动字幕隐藏",
    "script": "脚本写入内容",
}

_LENGTH = re.compile(r"^(-?\d*\.?\d+)\s*(px|pt|em|rem|%|vw|vh|cm|mm|in)?$")
_OFFSCREEN_PX = 500
_TINY_PX = 3.0
_PX_PER = {"px": 1, "pt": 4 / 3, "em": 16, "rem": 16, "cm": 37.8, "mm": 3.78, "in": 96}
_COLOUR_NAMES = {
    "white": "#ffffff",
    "black": "#000000",
    "red": "#ff0000",
    "transparent": "transparent",
}
_PAGE_BACKGROUND = "#ffffff"  # the public site's body background


@dataclass(frozen=True)
class HiddenFinding:
    technique: str
    text: str  # the hidden text, shortened
    links: tuple[str, ...]  # addresses of links (and frames) inside it

    @property
    def label(self) -> str:
        return TECHNIQUES[self.technique]

    @property
    def message(self) -> str:
        what = f"链接“{self.links[0]}”" if self.links else f"文字“{self.text}”"
        more = f"等 {len(self.links)} 个链接" if len(self.links) > 1 else ""
        return f"以“{self.label}”方式隐藏的{what}{more}（暗链），须删除"


def find_hidden(html: str) -> list[HiddenFinding]:
    """Every outermost hidden element holding text, a link or a frame, in document order."""
    if not html or "<" not in html:
        return []
    soup = BeautifulSoup(html, "html.parser")
    sheet = _style_rules(soup)
    found: list[HiddenFinding] = []
    _walk(soup, sheet, {"color": None, "background": None}, found)
    return found


def _walk(node: Tag, sheet, inherited: dict, found: list) -> None:
    for child in node.children:
        if not isinstance(child, Tag):
            continue
        style = {**_matching(sheet, child), **parse_style(child.get("style", ""))}
        technique = _technique(child, style, inherited)
        if technique and _has_content(child):
            found.append(_finding(technique, child))
            continue
        colours = {
            "color": _colour(style.get("color")) or inherited["color"],
            "background": _background(style) or inherited["background"],
        }
        _walk(child, sheet, colours, found)


def _finding(technique: str, element: Tag) -> HiddenFinding:
    text = " ".join(element.get_text(" ").split())
    if element.name == "script":
        text = " ".join(element.string.split()) if element.string else ""
    links = [a.get("href") for a in element.find_all("a", href=True)]
    links += [f.get("src") for f in element.find_all(["iframe", "frame"], src=True)]
    if element.name in ("iframe", "frame", "a") and element.get("src", element.get("href")):
        links.insert(0, element.get("src") or element.get("href"))
    links += re.findall(r"https?://[^\s'\"<>]+", text) if element.name == "script" else []
    return HiddenFinding(technique, text[:SNIPPET_CHARS], tuple(dict.fromkeys(links)))


def _has_content(element: Tag) -> bool:
    if element.name in ("iframe", "frame", "script"):
        return True
    if element.find(["a", "iframe", "frame"]):
        return True
    return bool(element.get_text().strip())


# What makes an element invisible ---------------------------------------------------------


def _technique(element: Tag, style: dict, inherited: dict) -> str | None:
    checks = (
        ("script", _is_writing_script),
        ("hidden_attr", lambda e, s: e.has_attr("hidden")),
        ("iframe", _is_hidden_frame),
        ("marquee", _is_marquee_trick),
        ("display_none", lambda e, s: s.get("display") == "none"),
        ("visibility", lambda e, s: s.get("visibility") in ("hidden", "collapse")),
        ("opacity", lambda e, s: _number(s.get("opacity"), 1.0) <= 0.05),
        ("font_size", _is_tiny_font),
        ("offscreen", _is_offscreen),
        ("zero_size", _is_zero_box),
        ("clip", _is_clipped),
        ("scale", _is_scaled_away),
    )
    for code, check in checks:
        if check(element, style):
            return code
    if _same_colour(style, inherited):
        return "same_colour"
    return None


def _is_writing_script(element: Tag, style: dict) -> bool:
    return element.name == "script" and bool(
        re.search(r"document\.write|innerHTML|<a\s|https?://", element.string or "", re.I)
    )


def _is_hidden_frame(element: Tag, style: dict) -> bool:
    if element.name not in ("iframe", "frame"):
        return False
    sizes = [element.get("width"), element.get("height"), style.get("width"), style.get("height")]
    return any(_pixels(size) is not None and _pixels(size) <= 1 for size in sizes)


def _is_marquee_trick(element: Tag, style: dict) -> bool:
    if element.name != "marquee":
        return False
    sizes = [element.get("width"), element.get("height"), style.get("width"), style.get("height")]
    tiny = any(_pixels(size) is not None and _pixels(size) <= 5 for size in sizes)
    too_fast = _number(element.get("scrollamount"), 6) >= 100
    too_slow = _number(element.get("scrolldelay"), 85) >= 10_000
    return tiny or too_fast or too_slow


def _is_tiny_font(element: Tag, style: dict) -> bool:
    size = style.get("font-size", "")
    if size.endswith("%"):
        return _number(size[:-1], 100) <= 20
    pixels = _pixels(size)
    return pixels is not None and pixels <= _TINY_PX


def _is_offscreen(element: Tag, style: dict) -> bool:
    positioned = style.get("position") in ("absolute", "fixed")
    sides = ("left", "top", "right", "bottom", "margin-left", "margin-top")
    far = any(_far(style.get(side)) for side in sides)
    return (positioned and far) or _far(style.get("text-indent"))


def _far(value) -> bool:
    pixels = _pixels(value) if value else None
    return pixels is not None and abs(pixels) >= _OFFSCREEN_PX and (pixels < 0 or pixels > 5000)


def _is_zero_box(element: Tag, style: dict) -> bool:
    if style.get("overflow", "visible").split()[0] not in ("hidden", "clip"):
        return False
    sizes = ("width", "height", "max-width", "max-height")
    return any(_pixels(style.get(s)) is not None and _pixels(style.get(s)) <= 1 for s in sizes)


def _is_clipped(element: Tag, style: dict) -> bool:
    clip = style.get("clip", "").replace(" ", "").replace(",", "")
    path = style.get("clip-path", "").replace(" ", "")
    return clip in ("rect(0000)", "rect(0px0px0px0px)", "rect(1px1px1px1px)") or path in (
        "inset(50%)",
        "inset(100%)",
        "circle(0)",
        "circle(0px)",
    )


def _is_scaled_away(element: Tag, style: dict) -> bool:
    return bool(re.search(r"scale[xy]?\(\s*0(\.0*)?\s*[,)]", style.get("transform", "")))


def _same_colour(style: dict, inherited: dict) -> bool:
    """Text whose own colour equals the background it sits on (its own, an ancestor's or the
    page's)."""
    colour = _colour(style.get("color"))
    if colour is None:
        return False
    background = _background(style) or inherited["background"] or _PAGE_BACKGROUND
    return colour == background


# CSS values --------------------------------------------------------------------------------


def parse_style(text: str) -> dict[str, str]:
    """``"color: red; FONT-SIZE:0"`` -> ``{"color": "red", "font-size": "0"}``."""
    declarations = {}
    for part in (text or "").split(";"):
        name, _, value = part.partition(":")
        value = value.replace("!important", "").strip().lower()
        if name.strip() and value:
            declarations[name.strip().lower()] = value
    return declarations


def _style_rules(soup: BeautifulSoup) -> list[tuple[str, dict]]:
    """Simple rules of <style> elements (``.class``, ``#id``, ``tag``, ``tag.class``)."""
    rules = []
    for element in soup.find_all("style"):
        css = re.sub(r"/\*.*?\*/", "", element.get_text(), flags=re.S)
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
            declarations = parse_style(body)
            rules += [(s.strip(), declarations) for s in selectors.split(",") if s.strip()]
        element.decompose()
    return rules


def _matching(sheet, element: Tag) -> dict:
    matched = {}
    classes = set(element.get("class") or [])
    for selector, declarations in sheet:
        tag, _, rest = selector.partition(".") if "." in selector else (selector, "", "")
        if selector.startswith("#"):
            hit = element.get("id") == selector[1:]
        elif selector.startswith("."):
            hit = rest in classes or selector[1:] in classes
        else:
            hit = tag == element.name and (not rest or rest in classes)
        if hit:
            matched.update(declarations)
    return matched


def _number(value, default: float) -> float:
    try:
        return float(str(value).strip().rstrip("%"))
    except (TypeError, ValueError):
        return default


def _pixels(value) -> float | None:
    match = _LENGTH.match(str(value or "").strip().lower())
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    return number * _PX_PER[unit] if unit in _PX_PER else None


def _colour(value) -> str | None:
    if not value:
        return None
    value = _COLOUR_NAMES.get(value.strip(), value.strip())
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    rgb = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", value)
    if rgb:
        value = "#" + "".join(f"{int(c):02x}" for c in rgb.groups())
    return value if re.fullmatch(r"#[0-9a-f]{6}", value) else None


def _background(style: dict) -> str | None:
    value = style.get("background-color") or style.get("background", "").split(" ")[0]
    return _colour(value)
