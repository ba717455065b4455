"""Sanitising rich text for ``<rich-text>`` and mp-html: nothing executable or unknown gets
through, to ``body_html`` or to ``body_nodes`` (R-24). Pure: no database."""

import json

import pytest

from cms.api.richtext import (
    GLOBAL_ATTRIBUTES,
    TAG_ATTRIBUTES,
    html_links,
    html_nodes,
    html_sanitise,
    image_html,
)

BASE = "https://dangjian.xiuying.example"
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p onclick="alert(1)" onmouseover="alert(1)">文字</p>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">样式</p>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name="x"><button>提交</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    '<div id="x" class="c">编号</div>',
    "<!-- <script>alert(1)</script> -->",
    '<video src="a.mp4"></video><audio src="a.mp3"></audio>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0">',
]
FORBIDDEN = ["<script", "javascript:", "onerror", "onclick", "onload", "<iframe", "alert(1)"]


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.get("children", []))


def assert_nodes_fit_the_whitelist(nodes):
    """Every node is a text node, or a whitelisted tag with only its documented attributes."""
    for node in walk(nodes):
        if node["type"] == "text":
            assert set(node) == {"type", "text"}
            continue
        assert node["type"] == "node"
        assert node["name"] in TAG_ATTRIBUTES, node["name"]
        allowed = TAG_ATTRIBUTES[node["name"]] | GLOBAL_ATTRIBUTES
        assert set(node["attrs"]) <= allowed, node
        assert "id" not in node["attrs"]
        if "src" in node["attrs"]:
            assert node["attrs"]["src"].startswith(("https://", "http://"))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_reaches_neither_html_nor_nodes(payload):
    clean = html_sanitise(f"<p>前</p>{payload}<p>后</p>", base_url=BASE)
    nodes = html_nodes(clean)
    serialised = json.dumps(nodes, ensure_ascii=False)
    for needle in FORBIDDEN:
        assert needle not in clean.lower()
        assert needle not in serialised.lower()
    assert 'id="' not in clean
    assert_nodes_fit_the_whitelist(nodes)


def test_unknown_tags_are_dropped_and_whitelisted_ones_kept():
    clean = html_sanitise(
        "<h2>标题</h2><marquee>跑马灯</marquee><custom-tag>自定义</custom-tag>"
        "<ul><li><b>一</b></li></ul><ol start='3'><li>三</li></ol><hr><table><tr><td colspan='2'>格"
        "</td></tr></table>",
        base_url=BASE,
    )
    for tag in ("<marquee", "<custom-tag"):
        assert tag not in clean
    names = {node["name"] for node in walk(html_nodes(clean)) if node["type"] == "node"}
    assert names == {"h2", "ul", "li", "b", "ol", "hr", "table", "tbody", "tr", "td"}
    assert '<ol start="3">' in clean and 'colspan="2"' in clean


def test_relative_image_sources_become_absolute_and_others_are_dropped():
    clean = html_sanitise(
        '<img src="/media/a.png"><img src="ftp://x.example/b.png"><img src="//cdn.example/c.png">',
        base_url=BASE,
    )
    sources = [n["attrs"].get("src") for n in walk(html_nodes(clean)) if n["type"] == "node"]
    assert sources == [f"{BASE}/media/a.png", None, "https://cdn.example/c.png"]


def test_links_are_listed_absolute_because_rich_text_keeps_no_href():
    raw = (
        '<p><a href="/news/1/">站内</a> <a href="https://www.gov.cn/">政府网</a>'
        ' <a href="javascript:alert(1)">坏</a> <a href="mailto:x@example.cn">邮件</a></p>'
    )
    assert html_links(raw, base_url=BASE) == [
        {"text": "站内", "url": f"{BASE}/news/1/"},
        {"text": "政府网", "url": "https://www.gov.cn/"},
    ]
    assert "href" not in html_sanitise(raw, base_url=BASE)


def test_text_nodes_keep_entities_escaped_for_the_component_to_decode():
    nodes = html_nodes(html_sanitise("<p>A &amp; B &lt;b&gt; “引号”</p>", base_url=BASE))
    assert nodes == [
        {
            "type": "node",
            "name": "p",
            "attrs": {},
            "children": [{"type": "text", "text": "A &amp; B &lt;b&gt; “引号”"}],
        }
    ]


def test_generated_image_markup_fits_the_whitelist():
    markup = image_html(src=f"{BASE}/media/x.png", width=750, height=500, alt='说"明')
    [paragraph] = html_nodes(markup)
    [image] = paragraph["children"]
    assert image["attrs"] == {
        "src": f"{BASE}/media/x.png",
        "width": "750",
        "height": "500",
        "alt": '说"明',
        "style": "max-width:100%;height:auto",
    }
    assert_nodes_fit_the_whitelist([paragraph])


def test_node_builder_refuses_unsanitised_markup_too():
    nodes = html_nodes('<p id="x" onclick="y">文<script>alert(1)</script><span>字</span></p>')
    assert_nodes_fit_the_whitelist(nodes)
    assert "alert" not in json.dumps(nodes)
