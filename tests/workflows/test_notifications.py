"""E-mail on every transition of the chain, to the right people and nobody else (R-04..R-10)."""

import pytest
from wagtail.admin.signal_handlers import register_signal_handlers

from tests.factories.units import UnitFactory
from tests.factories.users import UserFactory
from tests.workflows.chain import act, draft, submit
from workflows import notifications

pytestmark = pytest.mark.django_db

BASE_URL = "https://dangjian.example"


@pytest.fixture(autouse=True)
def notifying(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    notifications.connect()


@pytest.fixture
def transition(mailoutbox, django_capture_on_commit_callbacks):
    """Run a step of the chain, commit, and return the mails it sent."""

    def run(step, *args, **kwargs):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = step(*args, **kwargs)
        return list(mailoutbox), result

    return run


def recipients(mails):
    return sorted(address.split("@")[0] for mail in mails for address in mail.to)


def submitted_by_department(chain, transition):
    mails, article = transition(submit, draft(chain, chain.dept_liaison), chain.dept_liaison)
    return mails, article


def test_submission_mails_the_drafter_for_drafter_review_and_nobody_else(chain, transition):
    UserFactory(username="boss", is_superuser=True)  # Wagtail's notifier would mail superusers
    mails, _ = submitted_by_department(chain, transition)
    assert recipients(mails) == ["dept_liaison"]
    assert mails[0].subject == "【秀英党建网】待您办理：拟稿人审核《党建工作动态》"


def test_first_proofreading_mails_both_proofreaders_and_not_the_skipped_unit_approver(
    chain, transition
):
    _, article = submitted_by_department(chain, transition)
    mails, _ = transition(act, article, chain.dept_liaison)
    assert recipients(mails) == ["proofreader1", "proofreader2"]
    assert all("一校" in mail.subject for mail in mails)


def test_second_proofreading_does_not_mail_the_first_proofreader(chain, transition):
    _, article = submitted_by_department(chain, transition)
    transition(act, article, chain.dept_liaison)
    mails, _ = transition(act, article, chain.proofreader1)
    assert recipients(mails) == ["proofreader2"]


def test_leader_signoff_mails_the_leader_of_the_owning_department(chain, transition, make_user):
    make_user("other_leader", "dept_leader", unit=UnitFactory(name="宣传科"))
    _, article = submitted_by_department(chain, transition)
    for user in (chain.dept_liaison, chain.proofreader1):
        transition(act, article, user)
    mails, _ = transition(act, article, chain.proofreader2)
    assert recipients(mails) == ["dept_leader"]


def test_town_item_mails_only_its_own_units_approver(chain, transition, make_user, other_town):
    make_user("xixiu_approver", "unit_approver", unit=other_town)
    _, article = transition(submit, draft(chain, chain.town_liaison), chain.town_liaison)
    mails, _ = transition(act, article, chain.town_liaison)
    assert recipients(mails) == ["unit_approver"]


def test_rejection_mails_the_drafter_with_the_step_and_the_comment(chain, transition):
    _, article = submitted_by_department(chain, transition)
    transition(act, article, chain.dept_liaison)
    mails, _ = transition(act, article, chain.proofreader1, action="reject", comment="标题有误")
    assert recipients(mails) == ["dept_liaison"]
    (mail,) = mails
    assert mail.subject == "【秀英党建网】信息被退回修改：《党建工作动态》（一校）"
    assert "标题有误" in mail.body and "“一校”环节" in mail.body
    assert f"{BASE_URL}/admin/pages/{article.pk}/edit/" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and "标题有误" in html


def test_approval_with_a_comment_also_mails_the_drafter(chain, transition):
    _, article = submitted_by_department(chain, transition)
    transition(act, article, chain.dept_liaison)
    mails, _ = transition(act, article, chain.proofreader1, comment="第二段请核实数据")
    assert recipients(mails) == ["dept_liaison", "proofreader2"]
    (to_drafter,) = [mail for mail in mails if mail.to == [chain.dept_liaison.email]]
    assert to_drafter.subject == "【秀英党建网】一校意见：《党建工作动态》"
    assert "第二段请核实数据" in to_drafter.body


def test_the_drafters_own_comment_is_not_mailed_back_to_them(chain, transition):
    _, article = submitted_by_department(chain, transition)
    mails, _ = transition(act, article, chain.dept_liaison, comment="已自查")
    assert recipients(mails) == ["proofreader1", "proofreader2"]


def test_release_mails_the_drafter(chain, transition):
    _, article = submitted_by_department(chain, transition)
    for user in (chain.dept_liaison, chain.proofreader1, chain.proofreader2):
        transition(act, article, user)
    mails, _ = transition(act, article, chain.dept_leader)
    assert recipients(mails) == ["site_admin"]
    mails, article = transition(act, article, chain.site_admin)
    assert article.live
    assert recipients(mails) == ["dept_liaison"]
    assert mails[0].subject == "【秀英党建网】信息已发布：《党建工作动态》"


def test_inactive_accounts_and_accounts_without_address_get_no_mail(chain, transition):
    chain.proofreader1.email = ""
    chain.proofreader1.save()
    chain.proofreader2.is_active = False
    chain.proofreader2.save()
    _, article = submitted_by_department(chain, transition)
    mails, _ = transition(act, article, chain.dept_liaison)
    assert mails == []


def test_mails_leave_only_after_the_transaction_commits(
    chain, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert recipients(mailoutbox) == ["dept_liaison"]


def test_wagtails_notifiers_stay_silent_when_wagtail_connects_after_us(chain, transition):
    # In the project, this app is ready() before wagtail.admin, which then connects its notifiers.
    notifications.connect()
    register_signal_handlers()
    UserFactory(username="boss", is_superuser=True)
    mails, _ = submitted_by_department(chain, transition)
    assert recipients(mails) == ["dept_liaison"]


@pytest.mark.django_db(transaction=True)
def test_resubmission_outside_a_transaction_mails_the_drafter(chain, mailoutbox):
    # Wagtail's editor resumes a rejected run outside any transaction: the mail then goes at once,
    # before the chain has written the step's line, and must still find its recipients.
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    act(article, chain.dept_liaison)
    act(article, chain.proofreader1, action="reject", comment="请补充图片")
    article.save_revision(user=chain.dept_liaison)
    mailoutbox.clear()
    article.current_workflow_state.resume(user=chain.dept_liaison)
    assert recipients(mailoutbox) == ["dept_liaison"]
    assert "拟稿人审核" in mailoutbox[0].subject


def test_mails_greet_a_chinese_name_family_name_first(chain, transition):
    """Issue 11: "志明 冯，您好" read as a foreign name; a Chinese name is written 冯志明."""
    chain.dept_liaison.first_name, chain.dept_liaison.last_name = "志明", "冯"
    chain.dept_liaison.save()
    mails, _ = submitted_by_department(chain, transition)
    assert mails[0].body.startswith("冯志明，您好：")
