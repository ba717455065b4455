"""The bar chart and the access rules, without a database (R-25)."""

from decimal import Decimal as D

import pytest

from liaisons import charts, rules


def test_positive_values_scale_from_a_zero_axis_at_the_left():
    chart = charts.bar_chart([("甲", D(66), "top"), ("乙", D(33), "")], title="总分")
    assert chart.zero_x == charts.LABEL_WIDTH + charts.VALUE_ROOM
    assert [bar.length for bar in chart.bars] == [charts.BAR_AREA, charts.BAR_AREA // 2]
    assert all(bar.x == chart.zero_x for bar in chart.bars)
    assert chart.height == 2 * charts.ROW_HEIGHT + 4


def test_negative_values_get_bars_left_of_the_zero_axis():
    chart = charts.bar_chart(
        [("甲", D(6), "top"), ("乙", D(0), ""), ("丙", D(-2), "bottom")], title="总分"
    )
    high, zero, low = chart.bars
    # One scale over the span from -2 to 6: 420 units for 8 points.
    assert (high.length, zero.length, low.length) == (315, 0, 105)
    assert chart.zero_x == charts.LABEL_WIDTH + charts.VALUE_ROOM + 105
    assert (low.x, low.x + low.length) == (chart.zero_x - 105, chart.zero_x)
    assert low.value_anchor == "end" and low.value_x < low.x
    assert high.x == zero.x == chart.zero_x
    assert [bar.highlight for bar in chart.bars] == ["top", "", "bottom"]
    assert low.title == "丙：-2（后列）"


def test_only_negative_values_put_the_axis_at_the_right():
    chart = charts.bar_chart([("甲", D("-1.5"), ""), ("乙", D(-3), "")], title="总分")
    assert chart.zero_x == charts.LABEL_WIDTH + charts.VALUE_ROOM + charts.BAR_AREA
    assert [bar.length for bar in chart.bars] == [charts.BAR_AREA // 2, charts.BAR_AREA]


def test_all_zero_values_draw_the_axis_and_no_bars():
    chart = charts.bar_chart([("甲", D(0), ""), ("乙", D(0), "")], title="总分")
    assert [bar.length for bar in chart.bars] == [0, 0]


def test_large_values_stay_within_the_chart():
    chart = charts.bar_chart([("甲", D("123456.78"), ""), ("乙", D(-9), "")], title="总分")
    assert all(bar.x >= 0 and bar.x + bar.length <= chart.width for bar in chart.bars)


def test_an_empty_chart_has_no_bars():
    assert charts.bar_chart([], title="空").bars == ()


@pytest.mark.parametrize(
    ("roles", "superuser", "expected"),
    [
        ({"site_admin"}, False, True),
        ({"minister"}, False, True),
        ({"site_specialist"}, False, True),
        (set(), True, True),
        ({"liaison"}, False, False),
        ({"dept_leader", "proofreader"}, False, False),
    ],
)
def test_who_reads_the_assessment(roles, superuser, expected):
    assert rules.may_view_assessment(roles=frozenset(roles), is_superuser=superuser) is expected


def test_only_the_site_admin_assesses_and_superusers_edit_schemes_too():
    assert rules.may_assess(roles=frozenset({"site_admin"}))
    assert not rules.may_assess(roles=frozenset({"minister"}))
    assert rules.may_edit_scheme(roles=frozenset(), is_superuser=True)
    assert not rules.may_edit_scheme(roles=frozenset({"site_specialist"}), is_superuser=False)
