"""Closing a year keeps its results and its scheme as computed (R-21, R-22)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaisons import closing
from liaisons.column_assessment import column_assessment
from liaisons.models import AssessmentYear, Contribution, ScoringScheme
from liaisons.periods import period_of
from liaisons.ranking import liaison_ranking
from tests.liaisons import dataset

pytestmark = pytest.mark.django_db

NEXT_JANUARY = date(2027, 1, 5)


@pytest.fixture
def data(home):
    return dataset.build(home)


def close_2026(user):
    return closing.assessment_year_close(user=user, year=2026, today=NEXT_JANUARY)


def test_closed_year_reports_stay_as_computed_when_data_and_schemes_change(data, site_admin):
    before = liaison_ranking(year=2026, today=NEXT_JANUARY)
    columns_before = column_assessment(period=period_of(year=2026), today=NEXT_JANUARY)
    close_2026(site_admin)
    Contribution.objects.filter(liaison=data.liaisons["B"]).update(grade="excellent")
    ScoringScheme.objects.create(year=2027, points_text=50)
    after = liaison_ranking(year=2026)
    assert after.closed
    assert [(r.name, r.total, r.rank) for r in after.rows] == [
        (r.name, r.total, r.rank) for r in before.rows
    ]
    columns = column_assessment(period=period_of(year=2026))
    assert columns.closed
    assert columns.rows == columns_before.rows
    news = {r.column: r for r in columns.rows}["工作动态"]
    # Judged on 31 December: 188 days after 26 June, 174 past the interval.
    assert (news.days_overdue, news.score) == (174, D(0))


def test_closing_saves_the_years_scheme_and_freezes_it(data, site_admin):
    close_2026(site_admin)
    scheme = ScoringScheme.objects.get(year=2026)
    assert scheme.points_video == D(5)
    scheme.points_video = 9
    with pytest.raises(ValidationError, match="2026年度考核已结束归档"):
        scheme.full_clean()


def test_a_running_year_cannot_be_closed(data, site_admin):
    with pytest.raises(ValidationError, match="2026年尚未结束"):
        closing.assessment_year_close(user=site_admin, year=2026, today=date(2026, 12, 31))


def test_a_year_is_closed_once(data, site_admin):
    close_2026(site_admin)
    with pytest.raises(ValidationError, match="2026年度考核已归档"):
        close_2026(site_admin)
    assert AssessmentYear.objects.count() == 1


def test_only_the_site_admin_closes_a_year(data, make_user, specialist):
    with pytest.raises(PermissionDenied, match=closing.CLOSE_DENIED):
        close_2026(specialist)
