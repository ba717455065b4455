import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page

from cms.core.conf import get_setting
from cms.security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def permission_snapshot():
    return sorted(
        (p.group.name, p.page_id, p.permission.codename)
        for p in GroupPagePermission.objects.select_related("group", "permission")
    )


def test_setup_roles_creates_the_seven_roles_and_the_account_admin(no_roles):
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    names = set(Group.objects.values_list("name", flat=True))
    assert set(get_setting("ROLE_NAMES").values()) <= names
    assert len(get_setting("ROLE_NAMES")) == 8
    assert "账号管理员" in names


def test_setup_roles_is_idempotent(no_roles):
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = (Group.objects.count(), permission_snapshot())
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Group.objects.count(), permission_snapshot()) == first


def test_only_site_admin_group_holds_publish_permission(roles):
    holders = set(
        GroupPagePermission.objects.filter(permission__codename="publish_page").values_list(
            "group__name", flat=True
        )
    )
    assert holders == {"网站管理员"}


def test_setup_roles_repairs_a_granted_publish_permission(roles):
    liaison = Group.objects.get(name="信息联络员")
    publish = GroupPagePermission.objects.filter(permission__codename="publish_page").first()
    GroupPagePermission.objects.create(
        group=liaison, page=publish.page, permission=publish.permission
    )
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not GroupPagePermission.objects.filter(
        group=liaison, permission__codename="publish_page"
    ).exists()


def model_permissions(role):
    group = Group.objects.get(name=get_setting("ROLE_NAMES")[role])
    return set(group.permissions.values_list("codename", flat=True))


def test_account_admin_manages_accounts_and_nothing_else(roles):
    assert model_permissions("account_admin") == {"access_admin", "add_user", "change_user"}
    assert not GroupPagePermission.objects.filter(group__name="账号管理员").exists()


def test_no_role_may_edit_groups(roles):
    # Role definitions are setup_roles' and superusers': no group holds the permission.
    assert not Group.objects.filter(
        permissions__codename__in=["change_group", "add_group"]
    ).exists()


def root_publish() -> str:
    return f"publish_page@页面“{Page.get_first_root_node().title}”"


def test_setup_roles_records_what_it_changes_and_nothing_when_run_again(no_roles):
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    changes = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERMISSION_CHANGED)
    targets = set(changes.values_list("detail__target", flat=True))
    assert "角色组：网站管理员" in targets
    site_admin = changes.get(detail__target="角色组：网站管理员")
    assert root_publish() in site_admin.detail["after"]
    assert site_admin.detail["source"] == "script"
    count = changes.count()

    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert changes.count() == count


def test_setup_roles_records_the_repair_of_a_granted_publish_permission(roles):
    liaison = Group.objects.get(name="信息联络员")
    publish = GroupPagePermission.objects.filter(permission__codename="publish_page").first()
    GroupPagePermission.objects.create(
        group=liaison, page=publish.page, permission=publish.permission
    )
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    repair = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PERMISSION_CHANGED, detail__target="角色组：信息联络员"
    ).latest("pk")
    assert root_publish() in repair.detail["before"]
    assert root_publish() not in repair.detail["after"]
