"""One definition of a column's last update, the last release in the release log, read alike
by 栏目考核, 栏目更新监测, its dashboard panel, the contribution records and the API (issue 17,
R-11, R-20, R-21, R-24)."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cms.core.office_time import office_day
from liaisons.column_assessment import column_assessment
from liaisons.freshness import freshness
from liaisons.models import Contribution
from liaisons.panels import FreshnessPanel
from liaisons.periods import period_of
from tests.workflows.chain import released
from workflows import release_log
from workflows.models import ReleaseLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def seventy_two_days(chain):
    """The demo's 党员教育 case: the column's only item was released 72 days ago, and its
    page was published again (re-saved) since."""
    when = timezone.now() - timedelta(days=72)
    with release_log.seed_clock(when):
        article = released(chain, title="党员教育专题")
    return article, ReleaseLogEntry.objects.get(article_page_id=article.pk).recorded_at


def test_the_reports_the_panel_and_the_api_agree_on_the_last_update(
    client, chain, seventy_two_days
):
    article, logged = seventy_two_days
    today = office_day(timezone.now())

    assessment = column_assessment(period=period_of(year=today.year), today=today)
    [assessed] = [row for row in assessment.rows if row.column_id == chain.column.pk]
    [watched] = [row for row in freshness().columns if row.column_id == chain.column.pk]
    request = RequestFactory().get("/admin/")
    request.user = chain.site_admin
    panel = FreshnessPanel().get_context_data({"request": request})
    [on_panel] = [row for row in panel["rows"] if row.column_id == chain.column.pk]
    api = client.get(f"/api/v1/columns/{chain.column.pk}").json()
    record = Contribution.objects.get(article_page_id=article.pk)

    assert assessed.last_update == watched.last_update == on_panel.last_update == logged
    assert parse_datetime(api["updated_at"]) == logged
    assert record.released_at == logged
    assert watched.days_since == (today - office_day(logged)).days == 72
