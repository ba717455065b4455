"""The separation of duties as pure rules, without a database (R-08, R-13)."""

import pytest

from cms.security import duties

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

LABELS = {"site_admin": "网站管理员", "site_specialist": "网站专管员", "proofreader": "校对员"}


@pytest.mark.parametrize(
    "roles",
    [
        {"site_admin", "site_specialist"},
        {"site_admin", "proofreader"},
        {"site_admin", "unit_approver"},
        {"site_admin", "dept_leader"},
        {"site_admin", "minister"},
        {"account_admin", "site_admin"},
        {"account_admin", "site_specialist"},
        {"superuser", "site_admin"},
        {"superuser", "site_specialist"},
    ],
)
def test_conflicting_pairs_are_refused(roles):
    assert duties.role_conflicts(frozenset(roles))


@pytest.mark.parametrize(
    "roles",
    [
        {"site_admin"},
        {"site_admin", "liaison"},
        {"site_specialist", "proofreader"},
        {"proofreader", "dept_leader"},
        {"account_admin", "liaison"},
        {"account_admin", "superuser"},
        {"minister"},
        set(),
    ],
)
def test_roles_that_may_be_held_together(roles):
    assert duties.role_conflicts(frozenset(roles)) == ()


def test_conflict_message_names_both_roles_and_why():
    (message,) = duties.conflict_messages(frozenset({"site_admin", "site_specialist"}), LABELS)
    assert message == duties.REFUSE_CONFLICT.format(
        first="网站管理员", second="网站专管员", why=duties.WHY_PUBLISH_SECURITY
    )


def test_account_admin_assigns_roles_to_others():
    verdict = duties.may_assign_roles(
        actor_id=1, actor_roles=frozenset({"account_admin"}), target_id=2
    )
    assert verdict == duties.ALLOWED


def test_superuser_assigns_roles_to_others():
    verdict = duties.may_assign_roles(actor_id=1, actor_roles=frozenset({"superuser"}), target_id=2)
    assert verdict.allowed


def test_specialist_does_not_assign_roles():
    verdict = duties.may_assign_roles(
        actor_id=1, actor_roles=frozenset({"site_specialist"}), target_id=2
    )
    assert verdict.reasons == (duties.REFUSE_NO_DUTY,)


@pytest.mark.parametrize("roles", [{"account_admin"}, {"superuser"}, {"site_specialist"}])
def test_nobody_changes_their_own_roles(roles):
    verdict = duties.may_assign_roles(actor_id=7, actor_roles=frozenset(roles), target_id=7)
    assert not verdict.allowed
    assert duties.REFUSE_SELF in verdict.reasons


def test_a_new_account_has_no_id_and_is_nobody_s_self():
    verdict = duties.may_assign_roles(
        actor_id=7, actor_roles=frozenset({"account_admin"}), target_id=None
    )
    assert verdict.allowed


def test_only_superusers_change_the_superuser_flag_and_never_their_own():
    account_admin = duties.may_change_flags(
        actor_id=1, actor_roles=frozenset({"account_admin"}), target_id=2
    )
    assert account_admin.reasons == (duties.REFUSE_FLAGS,)
    assert duties.may_change_flags(actor_id=1, actor_roles=frozenset({"superuser"}), target_id=2)
    own = duties.may_change_flags(actor_id=1, actor_roles=frozenset({"superuser"}), target_id=1)
    assert own.reasons == (duties.REFUSE_SELF,)


def test_group_permissions_only_by_a_superuser_outside_the_group():
    outside = duties.may_change_group(
        actor_roles=frozenset({"superuser"}), actor_group_ids=frozenset({3}), group_id=4
    )
    assert outside.allowed
    inside = duties.may_change_group(
        actor_roles=frozenset({"superuser"}), actor_group_ids=frozenset({4}), group_id=4
    )
    assert inside.reasons == (duties.REFUSE_OWN_GROUP,)
    account_admin = duties.may_change_group(
        actor_roles=frozenset({"account_admin"}), actor_group_ids=frozenset(), group_id=4
    )
    assert account_admin.reasons == (duties.REFUSE_GROUPS,)


# --------------------------------------------------------------------------- credentials


def reset(actor, target, *, actor_id=1, target_id=2):
    return duties.may_reset_credentials(
        actor_roles=frozenset(actor),
        target_roles=frozenset(target),
        actor_id=actor_id,
        target_id=target_id,
    )


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        ({"account_admin"}, {"liaison"}),
        ({"account_admin"}, {"site_admin"}),
        ({"account_admin"}, {"minister", "unit_approver"}),
        ({"account_admin"}, set()),
        ({"superuser"}, {"account_admin"}),
        ({"superuser"}, {"site_specialist"}),
    ],
)
def test_the_account_admin_and_superusers_reset_credentials(actor, target):
    assert reset(actor, target) == duties.ALLOWED


@pytest.mark.parametrize(
    "actor", [{"site_specialist"}, {"site_admin"}, {"minister"}, {"liaison"}, set()]
)
def test_no_one_else_resets_another_accounts_credentials(actor):
    assert reset(actor, {"site_admin"}).reasons == (duties.REFUSE_RESET_NO_DUTY,)


def test_nobody_resets_their_own_credentials_as_another_account():
    assert reset({"account_admin"}, {"account_admin"}, target_id=1).reasons == (
        duties.REFUSE_RESET_SELF,
    )
    assert reset({"site_specialist"}, {"site_specialist"}, target_id=1).reasons == (
        duties.REFUSE_RESET_SELF,
        duties.REFUSE_RESET_NO_DUTY,
    )


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        ({"account_admin"}, {"account_admin"}),
        ({"account_admin"}, {"site_specialist"}),
        ({"account_admin"}, {"superuser"}),
        ({"account_admin"}, {"liaison", "site_specialist"}),
        ({"superuser"}, {"superuser"}),
    ],
)
def test_not_an_account_holding_a_power_over_the_actor(actor, target):
    assert reset(actor, target).reasons == (duties.REFUSE_RESET_OVERSEER,)
