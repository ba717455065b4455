"""The scoring rules without a database (R-21, R-22): the default scheme, accumulation,
quotas, deductions, ranks, and a change of scheme between years."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from liaisons import scoring
from liaisons.scoring import LiaisonTally

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

SCHEME = scoring.default_scheme(2026)


def tally(**counts):
    return LiaisonTally(
        released=counts.pop("released", {}),
        graded=counts.pop("graded", {}),
        adoptions=counts.pop("adoptions", {}),
        endorsements=counts.pop("endorsements", {}),
        **counts,
    )


def test_released_item_earns_points_by_form_and_grade():
    assert scoring.item_points(SCHEME, form="text") == D(2)
    assert scoring.item_points(SCHEME, form="video", grade="excellent") == D(8)
    assert scoring.item_points(SCHEME, form="pictures", grade="good") == D(4)
    assert scoring.item_points(SCHEME, form="document", grade="fair") == D(1)


def test_adoptions_by_several_outlets_accumulate():
    points = scoring.item_points(SCHEME, form="text", adoptions=["city", "province", "national"])
    assert points == D(2 + 15 + 30 + 50)
    two_city_outlets = scoring.item_points(SCHEME, form="text", adoptions=["city", "city"])
    assert two_city_outlets == D(2 + 15 + 15)


def test_endorsements_count_the_highest_level_only_by_default():
    points = scoring.item_points(SCHEME, form="text", endorsements=["district", "province"])
    assert points == D(2 + 40)


def test_endorsements_accumulate_when_the_scheme_says_so():
    scheme = replace(SCHEME, endorsement_highest_only=False)
    points = scoring.item_points(scheme, form="text", endorsements=["district", "city"])
    assert points == D(2 + 10 + 20)


def test_quota_counts_only_missing_items_in_quarters_that_have_ended():
    released = {1: 5, 2: 1}
    assert scoring.quota_shortfall(3, released, quarters=(1, 2, 3)) == 0 + 2 + 3
    assert scoring.quota_shortfall(3, released, quarters=()) == 0


def test_unit_shortfall_is_shared_equally_among_its_liaisons():
    shares = scoring.quota_shares({7: 3, 8: 2}, {7: 2, 8: 1})
    assert shares == {7: D("1.5"), 8: D(2)}


def test_liaison_score_adds_points_and_subtracts_deductions():
    score = scoring.liaison_score(
        SCHEME,
        tally(
            released={"text": 3, "video": 1},
            graded={"excellent": 1, "good": 2},
            adoptions={"city": 1, "province": 1},
            endorsements={"city": 1},
            rejected=2,
            late=1,
            quota_missing=D("1.5"),
        ),
    )
    assert (score.quantity, score.quality) == (D(11), D(5))
    assert (score.adoption, score.endorsement) == (D(45), D(20))
    assert (score.rejected_deduction, score.late_deduction, score.quota_deduction) == (
        D(2),
        D(1),
        D(3),
    )
    assert score.total == D(11 + 5 + 45 + 20 - 2 - 1 - 3)


def test_a_new_scheme_changes_next_year_and_leaves_last_year_alone():
    activity = tally(released={"text": 4}, adoptions={"city": 1}, rejected=1)
    numbers_2027 = {
        **scoring.DEFAULT_NUMBERS,
        "form_points": {"text": 3, "pictures": 3, "video": 5, "document": 1},
        "adoption_points": {"city": 20, "province": 30, "national": 50},
        "rejected_deduction": 2,
    }
    scheme_2027 = scoring.scheme_from_numbers(2027, numbers_2027)
    assert scoring.liaison_score(SCHEME, activity).total == D(8 + 15 - 1)
    assert scoring.liaison_score(scheme_2027, activity).total == D(12 + 20 - 2)
    assert scoring.default_scheme(2026) == SCHEME


def test_late_means_submitted_more_than_the_allowed_days_after_drafting():
    three_days = 3 * scoring.DAY_SECONDS
    assert not scoring.is_late(SCHEME, three_days)
    assert scoring.is_late(SCHEME, three_days + 1)
    assert not scoring.is_late(SCHEME, None)


def test_equal_totals_share_a_rank():
    assert scoring.competition_ranks([D(5), D(9), D(5), D(1)]) == [2, 1, 2, 4]


def test_top_and_bottom_are_highlighted_with_ties():
    top, bottom = scoring.highlights([1, 2, 2, 4, 5, 6], 2)
    assert (top, bottom) == ({0, 1, 2}, {4, 5})


def test_front_and_back_never_take_more_than_half_nor_meet():
    assert scoring.highlights([1, 2, 3], 2) == ({0}, {2})
    assert scoring.highlights([1, 1, 1, 1], 3) == (set(), set())
    assert scoring.highlights([1], 3) == (set(), set())


def test_a_negative_total_at_the_back_is_never_marked_front():
    """Issue 17: eleven liaisons, one ahead, nine at 0.00 and one at -2.00 with three places
    highlighted: the nine tie across the middle and are neither; -2.00 is 后列."""
    totals = [D(5), *[D(0)] * 9, D(-2)]
    top, bottom = scoring.highlights(scoring.competition_ranks(totals), 3)
    assert (top, bottom) == ({0}, {10})


def test_column_score_caps_items_and_deducts_down_to_zero():
    fresh = scoring.column_score(
        SCHEME, released={"text": 4, "video": 1}, overdue_days=0, empty=False
    )
    assert (fresh.items, fresh.total) == (D(10), D(20))
    late = scoring.column_score(SCHEME, released={"text": 1}, overdue_days=6, empty=False)
    assert late.total == D(10 + 2 - 3)
    empty = scoring.column_score(SCHEME, released={}, overdue_days=None, empty=True)
    assert empty.total == D(0)
    neglected = scoring.column_score(SCHEME, released={}, overdue_days=100, empty=False)
    assert neglected.total == D(0)


def test_days_overdue_counts_past_the_interval_and_none_for_never_updated():
    assert scoring.days_overdue(days_since_update=20, interval_days=14) == 6
    assert scoring.days_overdue(days_since_update=3, interval_days=14) == 0
    assert scoring.days_overdue(days_since_update=None, interval_days=14) is None


def test_rejection_rate_is_a_percentage_of_submissions():
    assert scoring.rejection_rate(rejected=1, submitted=3) == D("33.33")
    assert scoring.rejection_rate(rejected=0, submitted=0) is None
