"""The bar chart and the access rules, without a database (R-25)."""

from decimal import Decimal as D

import pytest

from liaisons import charts, rules


def test_bars_scale_to_the_largest_value_and_negative_values_get_no_bar():
    chart = charts.bar_chart(
        [("甲", D(66), "top"), ("乙", D(33), ""), ("丙", D(-8), "bottom")], title="总分"
    )
    lengths = [bar.length for bar in chart.bars]
    assert lengths == [charts.BAR_AREA, charts.BAR_AREA // 2, 0]
    assert [bar.highlight for bar in chart.bars] == ["top", "", "bottom"]
    assert chart.height == 3 * charts.ROW_HEIGHT + 4


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
