"""The report charts as a browser draws them, with negative, zero and large values (issue 17,
R-25): every bar inside the chart, negative bars ending at the zero axis, zero without a bar."""

from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string

from liaisons import charts

pytestmark = pytest.mark.browser

VALUES = [
    ("甲", D("123456.78"), "top"),
    ("乙", D("14.00"), ""),
    ("丙", D("0.00"), ""),
    ("丁", D("-2.00"), "bottom"),
    ("戊", D("-18.00"), "bottom"),
]


def boxes(page, selector):
    return page.eval_on_selector_all(
        selector, "els => els.map(e => { const b = e.getBBox(); return [b.x, b.width]; })"
    )


@pytest.mark.parametrize(
    "values",
    [VALUES, VALUES[2:], [("甲", D(0), ""), ("乙", D(0), "")]],
    ids=["mixed", "zero-and-negative", "all-zero"],
)
def test_every_bar_is_drawn_inside_the_chart_from_the_zero_axis(page, values):
    chart = charts.bar_chart(values, title="总分")
    page.set_content(render_to_string("liaisons/reports/_chart.html", {"chart": chart}))
    svg_width = page.eval_on_selector("svg", "svg => svg.getBBox().width")
    axis = page.eval_on_selector("line.xiuying-chart__axis", "l => l.x1.baseVal.value")
    bars = boxes(page, "rect.xiuying-bar")
    numbers = boxes(page, "text[text-anchor]:not([x='154'])")

    assert svg_width <= chart.width
    for (x, width), (_, value, _) in zip(bars, values, strict=True):
        assert x >= 0 and x + width <= chart.width
        if value < 0:
            assert x + width == pytest.approx(axis) and width > 0
        elif value > 0:
            assert x == pytest.approx(axis) and width > 0
        else:
            assert width == 0
    for x, width in numbers:
        assert x >= 0 and x + width <= chart.width
