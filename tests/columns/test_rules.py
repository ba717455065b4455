"""Pure rules of R-02 and R-08, without a database."""

import pytest

from columns import rules

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

NONE = frozenset()


def write(roles, unit, owner=1, contributors=(2, 3), superuser=False):
    return rules.may_write_in_column(
        roles=frozenset(roles),
        is_superuser=superuser,
        user_unit_id=unit,
        owner_unit_id=owner,
        contributing_unit_ids=contributors,
    )


def test_liaison_writes_in_column_its_unit_contributes_to():
    assert write({"liaison"}, unit=2)


def test_liaison_writes_in_column_its_unit_owns():
    assert write({"liaison"}, unit=1)


def test_liaison_of_other_unit_cannot_write():
    assert not write({"liaison"}, unit=9)


def test_account_without_unit_cannot_write():
    assert not write({"liaison"}, unit=None)


def test_approver_roles_do_not_write():
    for role in ("proofreader", "unit_approver", "dept_leader", "minister", "site_specialist"):
        assert not write({role}, unit=2)


def test_site_admin_and_superuser_write_anywhere():
    assert write({"site_admin"}, unit=9)
    assert write(NONE, unit=None, superuser=True)


def test_liaison_edits_only_own_units_items():
    common = {"may_write": True, "roles": frozenset({"liaison"}), "is_superuser": False}
    assert rules.may_edit_article(**common, user_unit_id=2, source_unit_id=2)
    assert not rules.may_edit_article(**common, user_unit_id=2, source_unit_id=3)


def test_only_site_admin_publishes_not_even_a_superuser_role_set():
    assert rules.may_publish(roles=frozenset({"site_admin"}))
    for role in (
        "liaison",
        "proofreader",
        "unit_approver",
        "dept_leader",
        "minister",
        "site_specialist",
    ):
        assert not rules.may_publish(roles=frozenset({role}))
    assert not rules.may_publish(roles=NONE)


def test_take_down_by_site_admin_and_specialist_only():
    assert rules.may_take_down(roles=frozenset({"site_specialist"}))
    assert rules.may_take_down(roles=frozenset({"site_admin"}))
    assert not rules.may_take_down(roles=frozenset({"liaison"}))


def test_content_form_is_the_richest_block():
    assert rules.content_form([]) == "text"
    assert rules.content_form(["paragraph"]) == "text"
    assert rules.content_form(["paragraph", "attachment"]) == "document"
    assert rules.content_form(["attachment", "image"]) == "pictures"
    assert rules.content_form(["image", "video", "paragraph"]) == "video"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("<b>加粗</b>的标题", "加粗的标题"),
        ('<img src=x onerror="alert(1)">学习', "学习"),
        ("1<2 且 3>2", "1<2 且 3>2"),
        ("《党章》学习 A &amp; B", "《党章》学习 A &amp; B"),
    ],
)
def test_plain_text_drops_tags_and_keeps_text(typed, kept):
    assert rules.plain_text(typed) == kept
