"""The privilege services and their backstop: who may change roles and permissions, which roles
conflict, and that every change is a security event mailed to 网站专管员 and 组织部长 (R-08, R-13,
R-14)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from cms.security import duties, privileges
from cms.security.models import SecurityEvent
from cms.security.privileges import PrivilegeChangeRefused
from tests.cms.security.duties.conftest import group, role_names

pytestmark = pytest.mark.django_db


def events(kind):
    return list(SecurityEvent.objects.filter(kind=kind).order_by("pk"))


def test_account_admin_assigns_a_role_recorded_with_before_and_after(
    account_admin,
    town_liaison,
    specialist,
    minister,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        changed = privileges.user_set_roles(
            actor=account_admin, user=town_liaison, groups=[group("liaison"), group("proofreader")]
        )

    assert changed
    assert role_names(town_liaison) == ["信息联络员", "校对员"]
    (event,) = events(SecurityEvent.Kind.ROLE_CHANGED)[-1:]
    assert event.user == account_admin
    assert event.detail["target"] == "town_liaison"
    assert event.detail["before"] == ["信息联络员"]
    assert event.detail["after"] == ["信息联络员", "校对员"]
    (alert,) = mailoutbox
    assert sorted(alert.to) == sorted([specialist.email, minister.email])
    assert "town_liaison" in alert.subject
    assert "变更后：信息联络员、校对员" in alert.body


def test_specialist_cannot_make_itself_the_publisher(
    specialist, minister, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(PrivilegeChangeRefused) as refused,
    ):
        privileges.user_set_roles(
            actor=specialist,
            user=specialist,
            groups=[group("site_specialist"), group("site_admin")],
        )

    assert duties.REFUSE_SELF in refused.value.reasons
    assert duties.REFUSE_NO_DUTY in refused.value.reasons
    assert role_names(specialist) == ["网站专管员"]
    (event,) = events(SecurityEvent.Kind.PRIVILEGE_REFUSED)
    assert event.user == specialist
    assert event.detail["after"] == ["网站专管员", "网站管理员"]
    assert "越权" in mailoutbox[0].subject and minister.email in mailoutbox[0].to


def test_specialist_cannot_give_another_account_the_publisher_role(specialist, town_liaison):
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_NO_DUTY):
        privileges.user_set_roles(
            actor=specialist, user=town_liaison, groups=[group("liaison"), group("site_admin")]
        )
    assert role_names(town_liaison) == ["信息联络员"]


def test_account_admin_cannot_change_its_own_roles(account_admin):
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_SELF):
        privileges.user_set_roles(
            actor=account_admin,
            user=account_admin,
            groups=[group("account_admin"), group("liaison")],
        )


def test_superuser_cannot_change_its_own_roles(root):
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_SELF):
        privileges.user_set_roles(actor=root, user=root, groups=[group("liaison")])
    assert role_names(root) == []


def test_superuser_assigns_roles_to_another_account(root, town_liaison):
    assert privileges.user_set_roles(
        actor=root, user=town_liaison, groups=[group("liaison"), group("proofreader")]
    )


@pytest.mark.parametrize(
    ("holder", "added"),
    [
        ("site_admin", "site_specialist"),
        ("site_admin", "proofreader"),
        ("proofreader", "site_admin"),
        ("specialist", "site_admin"),
    ],
)
def test_conflicting_roles_are_refused_even_to_the_account_admin(
    account_admin, site_admin, specialist, proofreader, holder, added
):
    user = {"site_admin": site_admin, "specialist": specialist, "proofreader": proofreader}[holder]
    before = role_names(user)
    with pytest.raises(PrivilegeChangeRefused, match="不得由同一账号兼任"):
        privileges.user_set_roles(
            actor=account_admin, user=user, groups=[*user.groups.all(), group(added)]
        )
    assert role_names(user) == before


def test_removing_a_role_is_allowed_and_recorded(account_admin, proofreader):
    privileges.user_set_roles(actor=account_admin, user=proofreader, groups=[])

    assert role_names(proofreader) == []
    event = events(SecurityEvent.Kind.ROLE_CHANGED)[-1]
    assert (event.detail["before"], event.detail["after"]) == (["校对员"], [])


# --------------------------------------------------------------------------- the backstop


def test_a_script_cannot_give_conflicting_roles(specialist):
    # A script's write is its own transaction; the test's runs inside the test's, so it gets one.
    with (
        pytest.raises(PrivilegeChangeRefused, match="网站管理员”与“网站专管员"),
        transaction.atomic(),
    ):
        specialist.groups.add(group("site_admin"))
    assert role_names(specialist) == ["网站专管员"]


def test_a_script_cannot_give_conflicting_roles_through_the_group_either(specialist):
    with pytest.raises(PrivilegeChangeRefused), transaction.atomic():
        group("site_admin").user_set.add(specialist)
    assert role_names(specialist) == ["网站专管员"]


def test_a_script_change_is_recorded_as_such(town_liaison):
    town_liaison.groups.add(group("proofreader"))

    event = events(SecurityEvent.Kind.ROLE_CHANGED)[-1]
    assert event.user is None
    assert event.detail["source"] == "script"
    assert event.detail["target"] == "town_liaison"
    assert event.detail["after"] == ["信息联络员", "校对员"]


def test_a_script_granting_superuser_to_a_publisher_is_refused(site_admin):
    site_admin.is_superuser = True
    with pytest.raises(PrivilegeChangeRefused, match="超级管理员"), transaction.atomic():
        site_admin.save()
    site_admin.refresh_from_db()
    assert not site_admin.is_superuser


def test_superuser_flag_changes_are_recorded(town_liaison, root):
    privileges.user_set_flags(actor=root, user=town_liaison, is_superuser=True)

    event = events(SecurityEvent.Kind.ACCOUNT_FLAGS_CHANGED)[-1]
    assert event.user == root
    assert (event.detail["before"], event.detail["after"]) == ([], ["超级管理员"])


def test_only_a_superuser_grants_superuser(account_admin, town_liaison, root):
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_FLAGS):
        privileges.user_set_flags(actor=account_admin, user=town_liaison, is_superuser=True)
    town_liaison.refresh_from_db()
    assert not town_liaison.is_superuser
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_SELF):
        privileges.user_set_flags(actor=root, user=root, is_superuser=False)


def test_direct_permissions_need_the_duty_and_are_recorded(account_admin, specialist, town_liaison):
    publish = Permission.objects.filter(codename="publish_page")
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_NO_DUTY):
        privileges.user_set_permissions(actor=specialist, user=town_liaison, permissions=publish)
    assert not town_liaison.user_permissions.exists()

    privileges.user_set_permissions(actor=account_admin, user=town_liaison, permissions=publish)
    event = events(SecurityEvent.Kind.PERMISSION_CHANGED)[-1]
    assert event.detail["after"] == ["wagtailcore.publish_page"]


def test_a_script_adding_a_direct_permission_is_recorded(town_liaison):
    town_liaison.user_permissions.add(Permission.objects.get(codename="change_user"))

    event = events(SecurityEvent.Kind.PERMISSION_CHANGED)[-1]
    assert event.detail == {
        **event.detail,
        "target": "town_liaison",
        "before": [],
        "after": ["auth.change_user"],
        "source": "script",
    }


def test_group_permissions_only_by_a_superuser_and_recorded(root, account_admin):
    liaisons = group("liaison")
    change_user = Permission.objects.filter(codename="change_user")
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_GROUPS):
        privileges.group_set_permissions(
            actor=account_admin, group=liaisons, permissions=change_user
        )

    privileges.group_set_permissions(actor=root, group=liaisons, permissions=change_user)
    event = events(SecurityEvent.Kind.PERMISSION_CHANGED)[-1]
    assert event.detail["target"] == "角色组：信息联络员"
    assert event.detail["before"] == ["wagtailadmin.access_admin"]
    assert event.detail["after"] == ["auth.change_user"]


def test_a_script_changing_a_group_s_permissions_is_recorded(roles):
    group("liaison").permissions.add(Permission.objects.get(codename="change_user"))

    event = events(SecurityEvent.Kind.PERMISSION_CHANGED)[-1]
    assert event.detail["after"] == ["auth.change_user", "wagtailadmin.access_admin"]


def test_clearing_a_group_s_members_takes_only_that_role(town_liaison, proofreader):
    town_liaison.groups.add(group("proofreader"))

    group("proofreader").user_set.clear()

    assert role_names(town_liaison) == ["信息联络员"]
    cleared = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_CHANGED).order_by("-pk")
    assert {e.detail["target"]: e.detail["after"] for e in cleared[:2]} == {
        "town_liaison": ["信息联络员"],
        "proofreader": [],
    }
