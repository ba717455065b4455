"""The mini-program's view of an item, for the "小程序" preview mode: the API's ``body_nodes``
turned back into the markup WeChat's ``<rich-text>`` component draws for them, with each video
where the mini-program places it (``position``: the number of top-level nodes before it).
Every name and attribute is checked against the component's whitelist again here."""

import html

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from cms.api.richtext import GLOBAL_ATTRIBUTES, RICH_TEXT_TAGS, TAG_ATTRIBUTES, VOID_TAGS


def _attributes(name: str, attrs: dict) -> str:
    allowed = TAG_ATTRIBUTES[name] | GLOBAL_ATTRIBUTES
    return "".join(
        format_html(' {}="{}"', key, value) for key, value in attrs.items() if key in allowed
    )


def node_html(node: dict) -> str:
    """One node and its children as HTML; anything off the whitelist is left out."""
    if node.get("type") == "text":
        # Text nodes carry escaped text, which the component decodes.
        return escape(html.unescape(node.get("text", "")))
    name = node.get("name", "")
    if name not in RICH_TEXT_TAGS:
        return ""
    opening = f"<{name}{_attributes(name, node.get('attrs') or {})}>"
    if name in VOID_TAGS:
        return opening
    children = "".join(node_html(child) for child in node.get("children") or [])
    return f"{opening}{children}</{name}>"


def nodes_html(nodes: list[dict], *, videos: list[dict]) -> SafeString:
    """The top-level ``nodes`` with the ``videos`` placed at their positions."""
    parts = []
    for index in range(len(nodes) + 1):
        for video in videos:
            if min(video["position"], len(nodes)) == index:
                parts.append(render_to_string("web/includes/miniprogram_video.html", video))
        if index < len(nodes):
            parts.append(node_html(nodes[index]))
    return mark_safe("".join(parts))  # noqa: S308 - built from whitelisted, escaped parts
