"""At publishing, the separation of duties once more (R-08, R-13): the publisher signed no other
step of the item's chain in any run, and holds no role it may not hold with publishing, however
it got it."""

import pytest
from django.contrib.auth.models import Group

from cms.core.conf import role_name
from cms.security import privileges
from tests.factories.units import UnitFactory
from tests.workflows.chain import act, current_step, draft, submit
from workflows import rules
from workflows.services import RELEASE_NOT_ADMIN, ReleaseRefused

PROOFREAD = rules.Signature(step=rules.PROOFREAD_1, signer_id=5)
RELEASED = rules.Signature(step=rules.RELEASE, signer_id=5)


def test_a_publisher_who_signed_another_step_may_not_release():
    verdict = rules.may_release(5, (PROOFREAD,))
    assert verdict.reason == rules.REFUSE_PUBLISHER_SIGNED.format(step="一校")


def test_a_publisher_who_only_released_earlier_runs_may_release():
    assert rules.may_release(5, (RELEASED, rules.Signature(rules.PROOFREAD_1, 6))).allowed


def group(role):
    return Group.objects.get(name=role_name(role))


def to_release(chain, article):
    for user in (chain.dept_liaison, chain.proofreader1, chain.proofreader2, chain.dept_leader):
        act(article, user)
    assert current_step(article) == "release"


@pytest.mark.django_db
def test_a_proofreader_of_an_earlier_run_made_publisher_cannot_release_the_item(chain, make_user):
    from columns.services import article_update

    office = UnitFactory(name="组织组办公室")
    turncoat = make_user("turncoat", "proofreader", unit=office)
    account_admin = make_user("accounts", "account_admin", unit=office)
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    for user in (chain.dept_liaison, turncoat, chain.proofreader2, chain.dept_leader):
        act(article, user)
    article_update(user=chain.dept_liaison, article=article, title="改过的标题")
    act(article, chain.site_admin, action="reject", comment="请按改后版本重新走流程")
    article.refresh_from_db()
    article.current_workflow_state.resume(user=chain.dept_liaison)
    privileges.user_set_roles(actor=account_admin, user=turncoat, groups=[group("site_admin")])
    to_release(chain, article)

    with pytest.raises(ReleaseRefused, match="您曾签批本信息审批链中的“一校”环节"):
        act(article, turncoat)
    assert not article.live
    act(article, chain.site_admin)
    assert article.live


@pytest.mark.django_db
def test_a_publisher_given_an_approving_role_behind_the_services_back_cannot_publish(chain):
    # The through table written directly sends no m2m_changed: the check at publishing holds.
    through = type(chain.site_admin).groups.through
    through.objects.create(user=chain.site_admin, group=group("minister"))
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    to_release(chain, article)

    with pytest.raises(ReleaseRefused, match=RELEASE_NOT_ADMIN):
        act(article, chain.site_admin)
    assert not article.live
    assert not chain.column.permissions_for_user(chain.site_admin).can_publish()
