"""``rules.may_hold_step``, the cheap first question of the editor's access check (R-04..R-09):
when it says no, ``may_sign`` refuses whatever the item and the run. Pure, no database."""

from itertools import combinations, product

import pytest

from workflows import rules

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

ROLES = sorted(set(rules.STEP_ROLES.values()) | {"liaison", "site_specialist"})
ROLE_SETS = [frozenset(c) for n in range(3) for c in combinations(ROLES, n)]
ITEMS = [
    rules.Item(
        drafter_id=drafter,
        source_unit_id=10,
        source_unit_is_department=department,
        column_owner_unit_id=10,
        is_major_sensitive=True,
    )
    for drafter, department in product((1, 2), (True, False))
]


@pytest.mark.parametrize("step", rules.STEPS)
def test_a_step_nobody_with_these_roles_may_hold_is_refused_for_every_item(step):
    for roles, item in product(ROLE_SETS, ITEMS):
        actor = rules.Actor(user_id=1, roles=roles, unit_id=10)
        if not rules.may_hold_step(step, roles):
            assert not rules.may_sign(step, actor, item, ()).allowed


def test_the_drafters_step_is_held_by_anyone_and_the_others_by_their_role():
    assert rules.may_hold_step(rules.DRAFTER_REVIEW, frozenset())
    assert not rules.may_hold_step(rules.RELEASE, frozenset({"liaison", "site_specialist"}))
    assert rules.may_hold_step(rules.RELEASE, frozenset({"site_admin"}))
    assert rules.may_hold_step(rules.PROOFREAD_2, frozenset({"proofreader"}))
