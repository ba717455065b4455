import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission

from cms.conf import get_setting

pytestmark = pytest.mark.django_db


def permission_snapshot():
    return sorted(
        (p.group.name, p.page_id, p.permission.codename)
        for p in GroupPagePermission.objects.select_related("group", "permission")
    )


def test_setup_roles_creates_the_seven_groups():
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    names = set(Group.objects.values_list("name", flat=True))
    assert set(get_setting("ROLE_NAMES").values()) <= names
    assert len(get_setting("ROLE_NAMES")) == 7


def test_setup_roles_is_idempotent():
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
