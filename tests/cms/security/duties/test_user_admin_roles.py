"""Roles in Wagtail's user and group admin (R-08, R-13, R-14): the edit and create forms, the
"Assign role" bulk action and the group form, each with the account refused and the one allowed.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cms.security import duties
from cms.security.models import SecurityEvent
from tests.cms.security.duties.conftest import group, role_names

pytestmark = pytest.mark.django_db


def user_form(user, groups, **fields):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "名",
        "last_name": user.last_name or "姓",
        "unit": user.xiuying_profile.unit_id,
        "is_active": "on",
        "groups": [g.pk for g in groups],
        **fields,
    }
    return {key: value for key, value in data.items() if value is not None}


def edit(client, actor, user, groups, **fields):
    client.force_login(actor)
    url = reverse("wagtailusers_users:edit", args=(user.pk,))
    return client.post(url, user_form(user, groups, **fields))


def errors(response) -> list[str]:
    return list(response.context["form"].errors.get("groups", []))


def test_specialist_adding_the_publisher_role_to_itself_is_refused(client, specialist, minister):
    response = edit(client, specialist, specialist, [group("site_specialist"), group("site_admin")])

    assert response.status_code == 200
    assert duties.REFUSE_SELF in errors(response)
    assert duties.REFUSE_NO_DUTY in errors(response)
    assert role_names(specialist) == ["网站专管员"]
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PRIVILEGE_REFUSED)
    assert (event.user, event.ip_address) == (specialist, "127.0.0.1")


def test_specialist_cannot_give_the_publisher_role_to_a_liaison(client, specialist, town_liaison):
    response = edit(client, specialist, town_liaison, [group("liaison"), group("site_admin")])

    assert errors(response) == [duties.REFUSE_NO_DUTY]
    assert role_names(town_liaison) == ["信息联络员"]


def test_specialist_still_keeps_account_details(client, specialist, town_liaison):
    response = edit(
        client, specialist, town_liaison, [group("liaison")], first_name="晓", last_name="林"
    )

    assert response.status_code == 302
    town_liaison.refresh_from_db()
    assert town_liaison.get_full_name() in ("晓 林", "林晓", "晓林")
    assert (
        not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_CHANGED)
        .exclude(detail__source="script")
        .exists()
    )


def test_account_admin_assigns_a_role_in_the_user_admin(client, account_admin, town_liaison):
    response = edit(client, account_admin, town_liaison, [group("liaison"), group("proofreader")])

    assert response.status_code == 302
    assert role_names(town_liaison) == ["信息联络员", "校对员"]
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_CHANGED).latest("pk")
    assert event.user == account_admin
    assert event.detail["source"] == "admin"
    assert (event.detail["before"], event.detail["after"]) == (
        ["信息联络员"],
        ["信息联络员", "校对员"],
    )


def test_account_admin_cannot_edit_its_own_roles(client, account_admin):
    response = edit(
        client, account_admin, account_admin, [group("account_admin"), group("liaison")]
    )

    assert errors(response) == [duties.REFUSE_SELF]
    assert role_names(account_admin) == ["账号管理员"]


def test_account_admin_cannot_make_a_proofreader_the_publisher(client, account_admin, proofreader):
    response = edit(client, account_admin, proofreader, [group("proofreader"), group("site_admin")])

    assert errors(response) == [
        duties.REFUSE_CONFLICT.format(
            first="网站管理员", second="校对员", why=duties.WHY_PUBLISH_APPROVE
        )
    ]
    assert role_names(proofreader) == ["校对员"]


def test_superuser_cannot_edit_its_own_roles(client, root):
    response = edit(client, root, root, [group("liaison")])

    assert errors(response) == [duties.REFUSE_SELF]
    assert role_names(root) == []


def test_account_admin_cannot_grant_superuser_but_a_superuser_can(
    client, account_admin, root, town_liaison
):
    response = edit(client, account_admin, town_liaison, [group("liaison")], is_superuser="on")
    assert errors(response) == [duties.REFUSE_FLAGS]
    town_liaison.refresh_from_db()
    assert not town_liaison.is_superuser

    response = edit(client, root, town_liaison, [group("liaison")], is_superuser="on")
    assert response.status_code == 302
    town_liaison.refresh_from_db()
    assert town_liaison.is_superuser
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ACCOUNT_FLAGS_CHANGED, user=root)
    assert (event.detail["target"], event.detail["after"]) == ("town_liaison", ["超级管理员"])


def new_account_form(unit, groups, password="Haikou#Quantum2026"):  # noqa: S107
    form = {
        "username": "newcomer",
        "email": "newcomer@xiuying.example",
        "first_name": "新",
        "last_name": "人",
        "unit": unit.pk,
        "groups": [g.pk for g in groups],
    }
    return {**form, "password1": password, "password2": password} if password else form


def test_specialist_creates_accounts_without_roles_only(
    client, specialist, account_admin, town, django_user_model
):
    client.force_login(specialist)
    url = reverse("wagtailusers_users:add")
    # Without a password: setting one is the account admin's duty (cms.security.credentials).
    response = client.post(url, new_account_form(town, [group("site_admin")], password=""))
    assert response.context["form"].errors["groups"] == [duties.REFUSE_NO_DUTY]
    assert not django_user_model.objects.filter(username="newcomer").exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PRIVILEGE_REFUSED)
    assert event.detail["target"] == "newcomer"

    assert client.post(url, new_account_form(town, [], password="")).status_code == 302
    assert not django_user_model.objects.get(username="newcomer").has_usable_password()
    client.force_login(account_admin)
    response = client.post(url, {**new_account_form(town, [group("liaison")]), "username": "n2"})
    assert response.status_code == 302
    assert role_names(django_user_model.objects.get(username="n2")) == ["信息联络员"]


# --------------------------------------------------------------------------- bulk action


def bulk_assign(client, actor, users, role):
    client.force_login(actor)
    url = (
        reverse("wagtail_bulk_action", args=("auth", "user", "assign_role"))
        + "?"
        + "&".join(f"id={u.pk}" for u in users)
    )
    return client.post(url, {"role": group(role).pk})


def test_bulk_assign_role_needs_the_duty(client, specialist, town_liaison):
    bulk_assign(client, specialist, [specialist, town_liaison], "site_admin")

    assert role_names(specialist) == ["网站专管员"]
    assert role_names(town_liaison) == ["信息联络员"]


def test_bulk_assign_role_refuses_a_conflict_for_any_account(
    client, account_admin, proofreader, town_liaison
):
    response = bulk_assign(client, account_admin, [town_liaison, proofreader], "site_admin")

    assert response.status_code == 302
    assert role_names(town_liaison) == ["信息联络员"]
    assert role_names(proofreader) == ["校对员"]
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PRIVILEGE_REFUSED).exists()


def test_bulk_assign_role_by_the_account_admin(client, account_admin, town_liaison, other_liaison):
    bulk_assign(client, account_admin, [town_liaison, other_liaison], "proofreader")

    assert role_names(town_liaison) == ["信息联络员", "校对员"]
    assert role_names(other_liaison) == ["信息联络员", "校对员"]
    recorded = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.ROLE_CHANGED, user=account_admin
    )
    assert sorted(e.detail["target"] for e in recorded) == ["other_liaison", "town_liaison"]


def test_bulk_assign_role_never_to_oneself(client, account_admin):
    bulk_assign(client, account_admin, [account_admin], "liaison")

    assert role_names(account_admin) == ["账号管理员"]


# --------------------------------------------------------------------------- groups


PANELS = ("page", "document", "image", "collection")


def group_form(g, permissions):
    data = {"name": g.name, "permissions": [p.pk for p in permissions]}
    for panel in PANELS:
        data |= {f"{panel}_permissions-TOTAL_FORMS": "0", f"{panel}_permissions-INITIAL_FORMS": "0"}
    return data


def edit_group(client, actor, g, permissions):
    client.force_login(actor)
    url = reverse("wagtailusers_groups:edit", args=(g.pk,))
    return client.post(url, group_form(g, permissions))


def test_superuser_edits_a_group_recorded_as_one_event(client, root):
    liaisons = group("liaison")
    access = Permission.objects.get(codename="access_admin")
    add_user = Permission.objects.get(codename="add_user")

    response = edit_group(client, root, liaisons, [access, add_user])

    assert response.status_code == 302, response.context["form"].errors
    assert liaisons.permissions.filter(codename="add_user").exists()
    (event,) = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERMISSION_CHANGED, user=root)
    assert event.detail["target"] == "角色组：信息联络员"
    assert "auth.add_user" in event.detail["after"]
    assert "auth.add_user" not in event.detail["before"]


def test_superuser_cannot_edit_a_group_it_belongs_to(client, root, account_admin):
    # A superuser that an account admin put in the liaisons' group.
    from cms.security import privileges

    privileges.user_set_roles(actor=account_admin, user=root, groups=[group("liaison")])
    add_user = Permission.objects.get(codename="add_user")

    response = edit_group(client, root, group("liaison"), [add_user])

    assert response.status_code == 200
    assert duties.REFUSE_OWN_GROUP in response.context["form"].non_field_errors()
    assert not group("liaison").permissions.filter(codename="add_user").exists()
