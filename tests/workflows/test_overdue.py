"""Overdue steps: who may act, the "审批超时" report and the reminders (R-19, R-20)."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from tests.factories.users import UserFactory
from tests.workflows.chain import act, draft, submit
from tests.workflows.test_queue import pending_in_bulk
from workflows import queue, reports, rules
from workflows.models import ApprovalStep

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/overdue-steps/"
# Pending steps; role holders and their groups; the runs' signatures.
OVERDUE_QUERY_BOUND = 4
MONDAY_8AM = datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def walk(chain, drafter, *signers, title="党建工作动态", **fields):
    article = submit(draft(chain, drafter, title=title, **fields), drafter)
    for user in (drafter, *signers):
        act(article, user)
    return article


def start_pending_at(article, moment):
    ApprovalStep.objects.filter(
        form__article_page_id=article.pk, decision=ApprovalStep.Decision.PENDING
    ).update(started_at=moment)


def backdate(article, days=30):
    start_pending_at(article, timezone.now() - timedelta(days=days))


def overdue_view(chain, **marks):
    return [
        (i.title, i.step, [u.username for u in i.holders]) for i in queue.overdue_steps(**marks)
    ]


def test_only_steps_past_their_budget_are_overdue(chain):
    backdate(walk(chain, chain.dept_liaison, title="迟了"))
    walk(chain, chain.dept_liaison, title="刚提交")
    assert overdue_view(chain) == [("迟了", rules.PROOFREAD_1, ["proofreader1", "proofreader2"])]


def test_release_budget_is_shorter_than_the_default(chain):
    late = walk(chain, chain.town_liaison, chain.unit_approver, chain.proofreader1, title="待发布")
    act(late, chain.proofreader2)
    waiting = walk(chain, chain.dept_liaison, title="待一校")
    for article in (late, waiting):
        start_pending_at(article, MONDAY_8AM)
    five_working_hours_later = MONDAY_8AM + timedelta(hours=7, minutes=30)  # 15:30, lunch off
    assert overdue_view(chain, now=five_working_hours_later) == [
        ("待发布", rules.RELEASE, ["site_admin"])
    ]


def test_second_proofreading_is_not_held_by_the_first_proofreader(chain):
    backdate(walk(chain, chain.dept_liaison, chain.proofreader1))
    assert overdue_view(chain) == [("党建工作动态", rules.PROOFREAD_2, ["proofreader2"])]


def test_unit_approval_is_held_by_the_active_approvers_of_the_source_unit(
    chain, make_user, town, other_town
):
    make_user("xixiu_approver", "unit_approver", unit=other_town)
    retired = make_user("retired_approver", "unit_approver", unit=town)
    retired.is_active = False
    retired.save()
    backdate(walk(chain, chain.town_liaison))
    assert overdue_view(chain) == [("党建工作动态", rules.UNIT_APPROVAL, ["unit_approver"])]


def test_drafter_review_is_held_by_the_drafter(chain):
    backdate(submit(draft(chain, chain.dept_liaison), chain.dept_liaison))
    assert overdue_view(chain) == [("党建工作动态", rules.DRAFTER_REVIEW, ["dept_liaison"])]


def test_minister_signoff_is_held_by_the_minister(chain):
    signers = (chain.unit_approver, chain.proofreader1, chain.proofreader2)
    backdate(walk(chain, chain.town_liaison, *signers, is_major_sensitive=True))
    assert overdue_view(chain) == [("党建工作动态", rules.MINISTER_SIGNOFF, ["minister"])]


@pytest.mark.parametrize("count", [10, 1000])
def test_overdue_steps_run_a_fixed_number_of_queries(chain, count, django_assert_max_num_queries):
    pending_in_bulk(chain, count)
    with django_assert_max_num_queries(OVERDUE_QUERY_BOUND):
        items = queue.overdue_steps(now=timezone.now() + timedelta(days=30))
    assert len(items) == count + 1  # and the item the builder submits for its revision
    holders = {tuple(u.username for u in item.holders) for item in items}
    assert holders == {("proofreader1", "proofreader2"), ("dept_liaison",)}


@pytest.mark.parametrize("role", ["site_admin", "site_specialist", "minister"])
def test_report_is_open_to_administrators_specialists_and_the_minister(
    chain, client, make_user, section, role
):
    backdate(walk(chain, chain.dept_liaison))
    client.force_login(make_user(f"viewer_{role}", role, unit=section))
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "审批超时" in html and "党建工作动态" in html and "proofreader2" in html


def test_report_is_open_to_superusers(chain, client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(REPORT_URL).status_code == 200


@pytest.mark.parametrize("who", ["proofreader1", "dept_liaison", "dept_leader"])
def test_report_is_closed_to_other_roles(chain, client, who):
    client.force_login(getattr(chain, who))
    assert client.get(REPORT_URL).status_code == 302
    assert not reports.OverdueReportMenuItem("审批超时", REPORT_URL).is_shown(
        _request(getattr(chain, who))
    )


def test_menu_item_is_shown_to_the_site_administrator(chain):
    item = reports.menu_item()
    assert item.url == REPORT_URL and item.is_shown(_request(chain.site_admin))


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_report_filters_by_step(chain, client):
    backdate(walk(chain, chain.dept_liaison, title="一校中"))
    backdate(walk(chain, chain.dept_liaison, chain.proofreader1, title="二校中"))
    client.force_login(chain.site_admin)
    html = client.get(REPORT_URL, {"step": rules.PROOFREAD_2}).content.decode()
    assert "二校中" in html and "一校中" not in html


def test_report_shows_step_duration_statistics(chain, client):
    walk(chain, chain.dept_liaison, chain.proofreader1)
    client.force_login(chain.site_admin)
    html = client.get(REPORT_URL).content.decode()
    assert "各环节办理用时" in html
    stats = queue.step_duration_stats(queue.decided_steps())
    assert [(row.step, row.count) for row in stats] == [
        (rules.DRAFTER_REVIEW, 1),
        (rules.PROOFREAD_1, 1),
    ]


def test_statistics_follow_the_date_range(chain, client):
    walk(chain, chain.dept_liaison, chain.proofreader1)
    client.force_login(chain.site_admin)
    response = client.get(
        REPORT_URL, {"started_at_from": "2020-01-01", "started_at_to": "2020-01-31"}
    )
    assert "所选范围内没有已办理的环节。" in response.content.decode()


def test_report_exports_a_spreadsheet_with_chinese_headings(chain, client):
    backdate(walk(chain, chain.dept_liaison))
    client.force_login(chain.site_admin)
    response = client.get(REPORT_URL, {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("信息,栏目,来源单位,环节,开始时间")
    assert "proofreader1、proofreader2" in body


def test_remind_overdue_sends_one_mail_per_holder_listing_all_their_items(chain, mailoutbox):
    backdate(walk(chain, chain.dept_liaison, title="甲"))
    backdate(walk(chain, chain.dept_liaison, title="乙"))
    backdate(walk(chain, chain.dept_liaison, chain.proofreader1, title="丙"))
    out = StringIO()
    call_command("remind_overdue", stdout=out)
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert sorted(by_address) == [chain.proofreader1.email, chain.proofreader2.email]
    second = by_address[chain.proofreader2.email]
    assert second.subject == "【秀英党建网】审批超时提醒：3 项信息待您办理"
    assert all(title in second.body for title in ("《甲》", "《乙》", "《丙》"))
    assert "《丙》" not in by_address[chain.proofreader1.email].body
    assert "https://" in second.body or "http://" in second.body
    assert "已发送提醒邮件 2 封" in out.getvalue()


def test_remind_overdue_dry_run_sends_nothing(chain, mailoutbox):
    backdate(walk(chain, chain.dept_liaison))
    out = StringIO()
    call_command("remind_overdue", "--dry-run", stdout=out)
    assert mailoutbox == []
    assert "将提醒 proofreader1" in out.getvalue() and "未发送邮件" in out.getvalue()


def test_remind_overdue_skips_accounts_without_address_and_inactive_ones(chain, mailoutbox):
    chain.proofreader1.email = ""
    chain.proofreader1.save()
    chain.proofreader2.is_active = False
    chain.proofreader2.save()
    backdate(walk(chain, chain.dept_liaison))
    out = StringIO()
    call_command("remind_overdue", stdout=out)
    assert mailoutbox == []
    assert "跳过 proofreader1：账号没有邮箱" in out.getvalue()
    assert "proofreader2" not in out.getvalue()
