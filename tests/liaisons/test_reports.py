"""The column assessment and the liaison ranking against hand-computed expectations on the small
fixed data set of ``dataset.py`` (R-21, R-22, R-25), and their query counts."""

from decimal import Decimal as D

import pytest
from django.test import override_settings

from liaisons.column_assessment import column_assessment
from liaisons.models import ScoringScheme
from liaisons.periods import period_of
from liaisons.ranking import liaison_ranking
from tests.liaisons import dataset

pytestmark = pytest.mark.django_db

# The year's scheme, the columns, the contribution counts, the last releases from the release
# log (issue 17).
COLUMN_QUERIES = 5
# Closed year, scheme, liaisons, counts, adoptions, endorsements, quarters.
RANKING_QUERIES = 7


@pytest.fixture
def data(home):
    return dataset.build(home)


def by_column(assessment):
    return {row.column: row for row in assessment.rows}


def by_name(ranking):
    return {row.name: row for row in ranking.rows}


def test_second_quarter_column_assessment(data):
    assessment = column_assessment(period=period_of(year=2026, quarter=2), today=dataset.TODAY)
    rows = by_column(assessment)
    news, notices, empty = rows["工作动态"], rows["通知公告"], rows["干部视频"]
    assert (news.submitted_text, news.submitted_pictures, news.submitted) == (1, 1, 2)
    assert (news.released_text, news.released_pictures, news.released) == (1, 1, 2)
    assert (news.rejected, news.rejection_rate) == (0, D(0))
    assert news.last_update == dataset.at(6, 26)
    assert (news.days_overdue, news.score) == (0, D(15))
    assert (notices.submitted_document, notices.released_document) == (1, 1)
    assert (notices.rejected, notices.rejection_rate) == (1, D(100))
    assert (notices.interval_days, notices.days_overdue, notices.score) == (180, 0, D(11))
    assert empty.empty and empty.last_update is None
    assert (empty.empty_deduction, empty.score) == (D(10), D(0))
    assert assessment.reference_day == dataset.date(2026, 6, 30)


def test_year_column_assessment_caps_items_and_deducts_overdue_days(data):
    assessment = column_assessment(period=period_of(year=2026), today=dataset.TODAY)
    news = by_column(assessment)["工作动态"]
    assert (news.submitted, news.released, news.rejected) == (5, 4, 1)
    assert news.rejection_rate == D(20)
    # Last update 26 June, judged on 15 July: 19 days, 5 past the 14-day interval.
    assert (news.days_overdue, news.overdue_deduction) == (5, D("2.5"))
    assert (news.items, news.score) == (D(10), D("17.5"))


def test_department_totals_feed_the_annual_assessment(data):
    assessment = column_assessment(period=period_of(year=2026, quarter=2), today=dataset.TODAY)
    totals = {row.department: row for row in assessment.departments}
    org, cadres = totals["组织科"], totals["干部科"]
    assert (org.submitted, org.released, org.rejected, org.score) == (3, 3, 1, D(26))
    assert (cadres.empty_columns, cadres.score) == (1, D(0))
    assert all(row.is_total for row in assessment.departments)
    layout = [(row.department, row.column) for row in assessment.export_rows()]
    assert layout.index(("组织科", "部门合计")) == layout.index(("组织科", "通知公告")) + 1
    assert layout.index(("干部科", "部门合计")) == layout.index(("干部科", "干部视频")) + 1


def test_filtering_by_department_keeps_its_columns_only(data):
    assessment = column_assessment(
        period=period_of(year=2026), today=dataset.TODAY, department_id=data.units["cadres"].pk
    )
    assert [row.column for row in assessment.rows] == ["干部视频"]


@override_settings(XIUYING={"ASSESSMENT_HIGHLIGHT_COUNT": 1})
def test_liaison_ranking_for_the_year(data):
    ranking = liaison_ranking(year=2026, today=dataset.TODAY)
    rows = by_name(ranking)
    a, b, c = rows["甲"], rows["乙"], rows["丙"]
    assert (a.released, a.quantity, a.quality) == (2, D(7), D(4))
    assert (a.adoptions, a.adoption) == (2, D(45))
    assert (a.endorsements, a.endorsement) == (1, D(20))
    assert (a.rejected, a.late, a.quota_missing) == (1, 1, D(4))
    assert (a.deductions, a.total) == (D(10), D(66))
    assert (b.quantity, b.rejected, b.quota_missing, b.total) == (D(4), 1, D(4), D(-5))
    assert (c.quantity, c.quota_missing, c.total) == (D(2), D(5), D(-8))
    assert [(r.name, r.rank, r.highlight) for r in ranking.rows] == [
        ("甲", 1, "top"),
        ("乙", 2, ""),
        ("丙", 3, "bottom"),
    ]


def test_quota_is_not_missed_before_a_quarter_ends(data):
    ranking = liaison_ranking(year=2026, today=dataset.date(2026, 3, 31))
    assert {row.name: row.quota_missing for row in ranking.rows} == {"甲": 0, "乙": 0, "丙": 0}


def test_a_new_scheme_for_next_year_leaves_this_years_scores(data):
    ScoringScheme.objects.create(year=2026)
    ScoringScheme.objects.create(year=2027, points_text=10, quota_deduction=0)
    this_year = by_name(liaison_ranking(year=2026, today=dataset.TODAY))
    assert this_year["甲"].total == D(66)


def test_a_year_without_its_own_scheme_uses_the_latest_earlier_one(data):
    ScoringScheme.objects.create(year=2025, points_video=9)
    ranking = liaison_ranking(year=2026, today=dataset.TODAY)
    assert by_name(ranking)["甲"].quantity == D(2 + 9)
    assert "沿用2025年度" in ranking.origin


def test_endorsements_accumulate_when_the_years_scheme_says_so(data):
    ScoringScheme.objects.create(year=2026, endorsement_highest_only=False)
    ranking = liaison_ranking(year=2026, today=dataset.TODAY)
    assert (by_name(ranking)["甲"].endorsements, by_name(ranking)["甲"].endorsement) == (2, D(30))


def test_column_assessment_query_count_does_not_grow_with_items(data, django_assert_num_queries):
    period = period_of(year=2026)
    with django_assert_num_queries(COLUMN_QUERIES):
        column_assessment(period=period, today=dataset.TODAY)
    dataset.more_items(data.liaisons["B"], data.columns["news"], 40)
    with django_assert_num_queries(COLUMN_QUERIES):
        column_assessment(period=period, today=dataset.TODAY)


def test_ranking_query_count_does_not_grow_with_items(data, django_assert_num_queries):
    with django_assert_num_queries(RANKING_QUERIES):
        liaison_ranking(year=2026, today=dataset.TODAY)
    dataset.more_items(data.liaisons["B"], data.columns["news"], 40)
    with django_assert_num_queries(RANKING_QUERIES):
        liaison_ranking(year=2026, today=dataset.TODAY)
