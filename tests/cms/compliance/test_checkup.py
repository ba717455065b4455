"""Each single-veto rule of the check-up at ok, at risk and tripped, on a frozen clock."""

import pytest
from django.utils import timezone

from cms.compliance.checkup import compliance_checkup
from cms.compliance.models import Probe
from cms.screening.models import ScreeningFinding
from columns.models import ArticlePage
from tests.cms.compliance.conftest import age, days
from tests.factories.pages import ColumnPageFactory
from tests.workflows.chain import released

pytestmark = pytest.mark.django_db


def rule(code, now):
    return {r.code: r for r in compliance_checkup(now=now).results}[code]


def test_home_page_rule_ok_at_risk_and_tripped(chain, now):
    age(released(chain), now)
    assert (rule("home", now + days(5)).state, rule("home", now + days(5)).days_left) == ("ok", 10)
    at_risk = rule("home", now + days(10))
    assert (at_risk.state, at_risk.days_left, at_risk.state_label) == (
        "at_risk",
        5,
        "临近否决（剩 5 天）",
    )
    tripped = rule("home", now + days(15))
    assert tripped.state == "tripped" and "首页已 15 天无新信息" in tripped.summary
    assert tripped.evidence[0].responsible == "网站管理员"


def test_five_stale_news_columns_trip_and_four_do_not(column_with_item, liaisons_of_chain, now):
    for n in range(4):
        column_with_item("news", now, title=f"动态{n}")
    assert rule("stale", now + days(30)).state == "ok"  # four columns can never trip it
    column_with_item("news", now, title="动态4")
    assert rule("stale", now + days(3)).state == "ok"
    at_risk = rule("stale", now + days(10))
    assert (at_risk.state, at_risk.days_left, len(at_risk.evidence)) == ("at_risk", 5, 5)
    tripped = rule("stale", now + days(15))
    assert tripped.state == "tripped"
    first = tripped.evidence[0]
    assert first.responsible == "组织科（信息联络员：云雅婷）"
    assert first.detail == "15 天未更新（要求 14 天内），超期 1 天"


def test_policy_columns_are_stale_only_after_six_months(column_with_item, now):
    for n in range(5):
        column_with_item("policy", now, title=f"政策{n}")
    assert rule("stale", now + days(100)).state == "ok"
    assert rule("stale", now + days(175)).state == "at_risk"
    assert rule("stale", now + days(181)).state == "tripped"


def test_ten_columns_past_their_own_interval_trip_should_update(column_with_item, now, settings):
    settings.XIUYING = {"COMPLIANCE_SHOULD_UPDATE_COLUMNS": 3}  # three releases instead of ten
    for n in range(3):
        column_with_item("experience", now, title=f"经验{n}")  # 90 days
    assert rule("should_update", now + days(60)).state == "ok"
    assert rule("should_update", now + days(85)).days_left == 6
    assert rule("should_update", now + days(91)).state == "tripped"


def test_blank_columns_rule(chain, section, now):
    # The chain's news column has nothing yet: it is the first blank column.
    assert rule("blank", now).state == "ok"
    for _n in range(3):
        ColumnPageFactory(parent=chain.column.get_parent(), responsible_department=section)
    at_risk = rule("blank", now)
    assert (at_risk.state, len(at_risk.evidence)) == ("at_risk", 4)
    ColumnPageFactory(parent=chain.column.get_parent(), responsible_department=section)
    assert rule("blank", now).state == "tripped"


def test_a_backdated_item_trips_and_names_its_liaison_and_drafter(chain, liaisons_of_chain, now):
    article = released(chain)
    ArticlePage.objects.filter(pk=article.pk).update(liaison=liaisons_of_chain["town"])
    assert rule("backdating", now).state == "ok"
    age(article, timezone.now() - days(3))
    tripped = rule("backdating", now)
    assert tripped.state == "tripped"
    assert tripped.evidence[0].responsible == "长流镇（信息联络员：符海燕，拟稿人：town_liaison）"
    assert chain.town_liaison.pk in tripped.evidence[0].user_ids


def test_availability_rule_counts_the_last_week(now):
    def probes(count, failed, start):
        Probe.objects.bulk_create(
            Probe(url="http://site/", probed_at=start - days(i * 7 / count), ok=i >= failed)
            for i in range(count)
        )

    probes(140, 7, now)
    assert rule("availability", now).state == "tripped"
    assert "失败 7 次，失败率 5.0%" in rule("availability", now).summary
    later = now + days(8)  # those probes are now outside the window
    probes(140, 2, later)
    assert rule("availability", later).state == "ok"
    probes(140, 3, later - days(0.01))
    assert rule("availability", later).state == "ok"  # 5 of 280


def test_open_finding_on_live_item_trips_harmful_rule(chain, now):
    article = released(chain)
    assert rule("harmful", now).state == "ok"
    ScreeningFinding.objects.create(
        article=article,
        article_page_id=article.pk,
        article_title=article.title,
        kind="forbidden",
        term="某禁用词",
        matched="某禁用词",
        field="正文",
        start=0,
        message="【禁用词】……",
    )
    assert rule("harmful", now).state == "tripped"
    assert rule("hidden_links", now).state == "ok"  # 暗链 findings are counted apart


def test_the_checkup_costs_the_same_queries_whatever_the_items(chain, now):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    age(released(chain), now - days(30))  # backdated: one piece of evidence
    with CaptureQueriesContext(connection) as one:
        compliance_checkup(now=now)
    for n in range(3):
        age(released(chain, title=f"信息{n}"), now - days(30))
    with CaptureQueriesContext(connection) as four:
        result = compliance_checkup(now=now)
    assert len(four) == len(one)
    assert len({r.code: r for r in result.results}["backdating"].evidence) == 4
