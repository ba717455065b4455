"""The leaders register in the CMS (issue 16, R-12): a wrong title keeps an item from being
submitted, with the right form; the register is kept by 网站专管员 and 网站管理员 only, each change
is versioned, and live items are rescreened in the worker with a progress bar."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cms.screening.engine import RuleKind
from cms.screening.leader_actions import REGISTER_DENIED, RegisterCreateAction, register_changed
from cms.screening.models import (
    DismissedPerson,
    Leader,
    LeaderRegisterVersion,
    LeaderTitle,
    RescreenRun,
    ScreeningFinding,
)
from cms.screening.services import article_screen, article_screening
from tests.workflows.chain import act, draft, submit

pytestmark = pytest.mark.django_db

TOWN_CHAIN = ("town_liaison", "unit_approver", "proofreader1", "proofreader2", "site_admin")


def leader(name, order, *titles):
    person = Leader.objects.create(name=name, protocol_order=order)
    for title, start, end in titles:
        LeaderTitle.objects.create(leader=person, title=title, valid_from=start, valid_to=end)
    return person


@pytest.fixture
def register(db):
    leader(
        "甄一明",
        1,
        ("区委书记", date(2025, 1, 6), None),
        ("区长", date(2021, 1, 1), date(2025, 1, 5)),
    )
    leader("贾二华", 2, ("区委副书记", date(2025, 1, 20), None), ("区长", date(2025, 1, 20), None))
    DismissedPerson.objects.create(
        name="莫五德", since=date(2025, 9, 1), titles="区委常委、统战部部长"
    )
    register_changed(note="测试名录")


def test_another_leaders_title_blocks_submission_with_the_right_form(chain, register):
    article = draft(chain, chain.town_liaison, summary="区委书记贾二华到长流镇调研。")
    with pytest.raises(ValidationError) as refused:
        submit(article, chain.town_liaison)
    message = refused.value.messages[0]
    assert (
        "【领导职务错误】“摘要”第1字处“区委书记贾二华”职务有误，应为“区委副书记、区长贾二华”"
        in message
    )
    assert not article.workflow_in_progress


def test_a_dismissed_person_with_a_title_blocks_submission(chain, register):
    article = draft(chain, chain.town_liaison, title="统战部部长莫五德出席活动")
    with pytest.raises(ValidationError, match="原统战部部长莫五德"):
        submit(article, chain.town_liaison)


def test_an_outdated_title_and_the_order_only_warn(chain, register):
    article = draft(
        chain, chain.town_liaison, summary="区长贾二华、区委书记甄一明出席；区长甄一明讲话。"
    )
    screening = article_screening(article)
    assert not screening.verdict.blocks
    assert [h.kind for h in screening.verdict.warnings] == [
        RuleKind.LEADER_ORDER,
        RuleKind.LEADER_OUTDATED,
    ]
    submit(article, chain.town_liaison)
    assert article.workflow_in_progress


def test_the_register_in_force_follows_each_change(chain, register):
    article = draft(chain, chain.town_liaison, summary="区委书记贾二华调研。")
    assert article_screen(article).blocks
    LeaderTitle.objects.create(leader=Leader.objects.get(name="贾二华"), title="区委书记")
    register_changed(note="贾二华兼任")
    assert not article_screen(article).blocks


def test_only_the_site_roles_may_change_the_register(chain, site_admin):
    refused = RegisterCreateAction(Leader(name="甄一明"), user=chain.town_liaison)
    with pytest.raises(PermissionDenied, match=REGISTER_DENIED):
        refused.execute()
    RegisterCreateAction(Leader(name="甄一明"), user=site_admin).execute()
    version = LeaderRegisterVersion.objects.get()
    assert (version.note, version.created_by) == ("新增领导同志“甄一明”", site_admin)


def test_the_register_admin_is_refused_to_a_liaison_and_open_to_the_site_admin(
    chain, site_admin, client
):
    client.force_login(chain.town_liaison)
    assert client.get(reverse("leaders:index")).status_code in (302, 403)
    client.force_login(site_admin)
    response = client.get(reverse("leaders:add"))
    assert response.status_code == 200
    data = {
        "name": "柯三立",
        "protocol_order": "3",
        "note": "",
        "titles-TOTAL_FORMS": "1",
        "titles-INITIAL_FORMS": "0",
        "titles-MIN_NUM_FORMS": "1",
        "titles-MAX_NUM_FORMS": "1000",
        "titles-0-title": "组织部部长",
        "titles-0-valid_from": "2024-01-01",
        "titles-0-valid_to": "",
        "titles-0-ORDER": "1",
    }
    response = client.post(reverse("leaders:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Leader.objects.get(name="柯三立").titles.get().title == "组织部部长"
    assert LeaderRegisterVersion.objects.get().note == "新增领导同志“柯三立”"


def test_a_register_change_rescreens_live_items_in_the_worker_with_progress(
    chain, register, django_capture_on_commit_callbacks, site_admin, client
):
    article = submit(
        draft(chain, chain.town_liaison, summary="区长贾二华出席。"), chain.town_liaison
    )
    for who in TOWN_CHAIN:
        act(article, getattr(chain, who))
    assert article.live
    person = Leader.objects.get(name="贾二华")
    with django_capture_on_commit_callbacks(execute=True):
        person.titles.filter(title="区长").delete()
        register_changed(user=site_admin, note="调整区长")
    run = RescreenRun.objects.get()
    assert run.reason == "领导同志名录变更：调整区长"
    assert (run.status, run.total, run.done, run.percent) == ("finished", 1, 1, 100)
    finding = ScreeningFinding.objects.get(article_page_id=article.pk)
    assert (finding.kind, finding.suggestion) == (RuleKind.LEADER_TITLE, "区委副书记贾二华")
    client.force_login(site_admin)
    page = client.get(reverse("leaders:index")).content.decode()
    assert '<progress max="100" value="100"' in page
    assert "已复查1/1篇，新发现1处问题。" in page
