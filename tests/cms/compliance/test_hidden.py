"""暗链: hidden links and hidden text caught by technique; ordinary styled text not flagged."""

import pytest

from cms.compliance.hidden import TECHNIQUES, find_hidden

LINK = '<a href="http://bet.example/">博彩</a>'

SAMPLES = {
    "display_none": f'<p>正文<span style="display:none">{LINK}</span></p>',
    "visibility": f'<div style="VISIBILITY: hidden !important">{LINK}</div>',
    "opacity": f'<div style="opacity:0">{LINK}</div>',
    "font_size": f'<p style="font-size:0px">{LINK}</p>',
    "offscreen": f'<div style="position:absolute;left:-9999px;top:0">{LINK}</div>',
    "same_colour": f'<p><font><span style="color:#FFF">{LINK}</span></font></p>',
    "zero_size": f'<div style="height:0;overflow:hidden">{LINK}</div>',
    "clip": f'<div style="position:absolute;clip:rect(0,0,0,0)">{LINK}</div>',
    "scale": f'<div style="transform:scale(0)">{LINK}</div>',
    "hidden_attr": f"<div hidden>{LINK}</div>",
    "iframe": '<iframe src="http://bet.example/" width="0" height="0"></iframe>',
    "marquee": f'<marquee height="1" width="1" scrollamount="3000">{LINK}</marquee>',
    "script": "<script>document.write('<a href=\"http://bet.example/\">x</a>')</script>",
}
MORE = {
    "tiny font in points": ("font_size", f'<span style="font-size:1pt">{LINK}</span>'),
    "indent off screen": ("offscreen", f'<p style="text-indent:-5000px">{LINK}</p>'),
    "text the colour of its own background": (
        "same_colour",
        f'<p style="color:rgb(204,0,0);background:#c00">{LINK}</p>',
    ),
    "text the colour of an ancestor's background": (
        "same_colour",
        '<div style="background-color:#000"><p style="color:black">澳门赌场</p></div>',
    ),
    "hidden by a style sheet class": (
        "display_none",
        f"<style>.ad {{ display: none }}</style><div class='ad'>{LINK}</div>",
    ),
    "hidden text without a link": ("visibility", '<p style="visibility:hidden">代写论文</p>'),
    "marquee scrolled by too slowly": (
        "marquee",
        f'<marquee scrolldelay="100000">{LINK}</marquee>',
    ),
}


@pytest.mark.parametrize("technique", SAMPLES)
def test_each_technique_is_caught(technique):
    found = find_hidden(SAMPLES[technique])
    assert [f.technique for f in found] == [technique]
    assert "http://bet.example/" in found[0].links
    assert TECHNIQUES[technique] in found[0].message and "暗链" in found[0].message


@pytest.mark.parametrize("name", MORE)
def test_variants_are_caught(name):
    technique, html = MORE[name]
    assert [f.technique for f in find_hidden(html)] == [technique]


def test_at_least_ten_techniques():
    assert len(SAMPLES) >= 10


ORDINARY = [
    '<p style="text-indent:2em">中国共产党秀英区委员会组织部召开会议。</p>',
    '<p><span style="color:#c00;font-weight:bold">重要通知</span></p>',
    '<p style="font-size:16px;line-height:1.8;text-align:center">标题</p>',
    '<p style="background-color:#ff0;color:#000">高亮文字</p>',
    '<p style="color:white;background:#c00">白字红底</p>',
    '<div style="position:relative;left:-10px;margin-left:-20px">略微偏移</div>',
    '<p style="font-size:12pt">正文</p><p style="font-size:80%">小注</p>',
    '<div style="overflow:hidden;height:300px">很长的正文</div>',
    '<iframe src="/video/1/" width="640" height="360"></iframe>',
    '<marquee scrollamount="6">欢迎访问秀英党建网</marquee>',
    '<p style="display:none"></p><p>可见正文</p>',  # hidden but empty: nothing to hide
    '<div style="opacity:0.9">略透明</div>',
    '<p><a href="http://www.12371.cn/">共产党员网</a></p>',
    "<h2>标题</h2><ul><li>一</li></ul><hr>",
    "没有标签的文字",
]


@pytest.mark.parametrize("html", ORDINARY)
def test_ordinary_styled_text_is_not_flagged(html):
    assert find_hidden(html) == []


def test_only_the_outermost_hidden_element_is_reported():
    html = f'<div style="display:none"><p style="font-size:0">{LINK}</p>{LINK}</div><p>正文</p>'
    found = find_hidden(html)
    assert len(found) == 1 and found[0].links == ("http://bet.example/",)
