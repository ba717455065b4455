"""The freshness watch (R-20): stale and empty columns with their department and liaison, the
home page, the dashboard panel and the reminders."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from columns.models import ColumnKind
from liaisons import panels
from liaisons.freshness import freshness
from tests.factories.pages import ColumnPageFactory
from tests.workflows.chain import released
from workflows import release_log

pytestmark = pytest.mark.django_db

# Columns, newest live items, liaisons in office, their assigned columns, the home page.
FRESHNESS_QUERIES = 5


def released_ago(chain, days):
    """An item released ``days`` ago: the release log dates it so (the reports' last update),
    and its publication dates agree."""
    when = timezone.now() - timedelta(days=days)
    with release_log.seed_clock(when):
        article = released(chain)
    Page.objects.filter(pk=article.pk).update(first_published_at=when, last_published_at=when)
    return article


@pytest.fixture
def watched(chain, liaisons_of_chain, section):
    """The news column with one item released 20 days ago, an empty policy column assigned to
    the town liaison, and a notices column updated 20 days ago (well within 180)."""
    released_ago(chain, 20)
    policy = ColumnPageFactory(
        parent=chain.column.get_parent(),
        title="政策文件",
        slug="policy",
        responsible_department=section,
        column_kind=ColumnKind.POLICY,
    )
    liaisons_of_chain["town"].columns.add(policy)
    liaisons_of_chain["town"].save()
    return policy


def test_stale_and_empty_columns_with_department_and_liaison(watched, chain):
    report = freshness()
    rows = {row.column: row for row in report.columns}
    assert set(rows) == {"工作动态", "政策文件"}
    news, policy = rows["工作动态"], rows["政策文件"]
    assert (news.days_since, news.interval_days, news.days_overdue) == (20, 14, 6)
    assert (news.department, news.liaisons) == ("组织科", "云雅婷")
    assert policy.empty and policy.state == "空白栏目"
    assert policy.liaisons == "符海燕"
    assert report.columns[0] == policy  # empty columns come first


def test_home_page_without_news_for_two_weeks_is_stale(watched):
    home = freshness().home
    assert (home.days_since, home.interval_days, home.stale) == (20, 14, True)


def test_a_fresh_site_has_nothing_to_report(chain):
    released(chain)
    report = freshness()
    assert report.columns == () and not report.home.stale


def test_freshness_query_count_does_not_grow_with_items(watched, chain, django_assert_num_queries):
    with django_assert_num_queries(FRESHNESS_QUERIES):
        freshness()
    for _ in range(3):
        released_ago(chain, 30)
    with django_assert_num_queries(FRESHNESS_QUERIES):
        freshness()


def test_reminders_reach_liaisons_department_leaders_and_site_admins(watched, chain):
    out = StringIO()
    call_command("remind_stale_columns", stdout=out)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {
        "dept_liaison@xiuying.example",
        "town_liaison@xiuying.example",
        "dept_leader@xiuying.example",
        "site_admin@xiuying.example",
    }
    assert "工作动态" in sent["dept_liaison@xiuying.example"].body
    assert "政策文件" in sent["town_liaison@xiuying.example"].body
    leader = sent["dept_leader@xiuying.example"].body
    assert "工作动态" in leader and "政策文件" in leader
    assert "首页已 20 天没有新信息" in sent["site_admin@xiuying.example"].body
    assert "已发送提醒邮件 4 封" in out.getvalue()


def test_dry_run_sends_nothing(watched):
    out = StringIO()
    call_command("remind_stale_columns", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert "演练" in out.getvalue()


def test_panel_shows_a_liaison_only_the_columns_they_answer_for(watched, chain, rf):
    request = rf.get("/admin/")
    request.user = chain.town_liaison
    context = panels.FreshnessPanel().get_context_data({"request": request})
    assert [row.column for row in context["rows"]] == ["政策文件"]
    assert context["home"] is None
    request.user = chain.site_admin
    context = panels.FreshnessPanel().get_context_data({"request": request})
    assert {row.column for row in context["rows"]} == {"工作动态", "政策文件"}
    assert context["home"].stale


def test_our_panels_are_appended_after_the_review_queue(chain, rf):
    request = rf.get("/admin/")
    request.user = chain.site_admin
    existing = object()
    found = [existing]
    panels.homepage_panels_append(request, found)
    assert found[0] is existing
    assert [type(p) for p in found[1:]] == [panels.FreshnessPanel, panels.GradingPanel]
