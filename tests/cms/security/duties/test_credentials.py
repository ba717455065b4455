"""Another account's credentials (R-08, R-13, R-14, R-17): only the 账号管理员 (and superusers)
set its password, change its e-mail address or reset its second factor, never their own through
the user admin nor that of an account holding a power over them. A password so set must be
changed at the next sign-in; every reset is a security event mailed to the holder, 网站专管员 and
组织部长. The probe of issue 18: the specialist taking over the publisher's account."""

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse

from cms.security import credentials, duties
from cms.security import two_factor as tf
from cms.security.models import PasswordRecord, SecurityEvent
from cms.security.privileges import PrivilegeChangeRefused
from cms.security.uploads import UploadRequestMiddleware
from tests.cms.security.duties.conftest import group
from tests.cms.security.sessions.totp import TEST_SECRET
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db

TEMPORARY = "Haikou#Temporary2026"  # noqa: S105


def edit_url(user) -> str:
    return reverse("wagtailusers_users:edit", args=(user.pk,))


def user_form(user, **fields):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "名",
        "last_name": user.last_name or "姓",
        "unit": user.xiuying_profile.unit_id,
        "is_active": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
        **fields,
    }
    return {key: value for key, value in data.items() if value is not None}


def post_edit(client, actor, user, **fields):
    client.force_login(actor)
    return client.post(edit_url(user), user_form(user, **fields))


def with_password(password=TEMPORARY):
    return {"password1": password, "password2": password}


def password_kept(user) -> bool:
    user.refresh_from_db()
    return check_password(PASSWORD, user.password)


def non_field_errors(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


def refused_events(what):
    return SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PRIVILEGE_REFUSED, detail__what=what
    )


# --------------------------------------------------------------------------- refused


def test_specialist_cannot_set_the_publishers_password(
    specialist, site_admin, minister, mailoutbox
):
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_RESET_NO_DUTY):
        credentials.user_set_password(actor=specialist, user=site_admin, password=TEMPORARY)

    assert password_kept(site_admin)
    (event,) = refused_events(credentials.WHAT_PASSWORD)
    assert (event.user, event.detail["target"]) == (specialist, "site_admin")
    (alert,) = mailoutbox
    assert "越权" in alert.subject and minister.email in alert.to


def test_the_user_admin_offers_the_specialist_no_password_fields(client, specialist, site_admin):
    client.force_login(specialist)
    form = client.get(edit_url(site_admin)).context["form"]

    assert "password1" not in form.fields and "password2" not in form.fields
    assert form.fields["email"].disabled


def test_a_forged_password_post_by_the_specialist_is_refused(client, specialist, site_admin):
    response = post_edit(client, specialist, site_admin, **with_password())

    assert response.status_code == 200
    assert non_field_errors(response) == [duties.REFUSE_RESET_NO_DUTY]
    assert password_kept(site_admin)
    assert refused_events(credentials.WHAT_PASSWORD).get().user == specialist
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_SET).exists()


def test_a_forged_email_change_by_the_specialist_is_refused(client, specialist, site_admin):
    # The reset-by-email link would go to the new address: a password change by another way.
    response = post_edit(client, specialist, site_admin, email="specialist@xiuying.example")

    assert non_field_errors(response) == [duties.REFUSE_RESET_NO_DUTY]
    site_admin.refresh_from_db()
    assert site_admin.email == "site_admin@xiuying.example"


def test_specialist_cannot_reset_the_publishers_second_factor(specialist, site_admin):
    tf.totp_enrol_with_secret(user=site_admin, base32_secret=TEST_SECRET)

    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_RESET_NO_DUTY):
        credentials.user_reset_two_factor(actor=specialist, user=site_admin)

    assert tf.two_factor_enrolled(site_admin)
    assert refused_events(credentials.WHAT_TWO_FACTOR).get().user == specialist


def test_the_specialists_reset_page_is_refused_in_chinese(client, specialist, site_admin):
    tf.totp_enrol_with_secret(user=site_admin, base32_secret=TEST_SECRET)
    client.force_login(specialist)

    response = client.post(f"/admin/2fa/accounts/{site_admin.pk}/reset/")

    assert response.status_code == 403
    assert duties.REFUSE_RESET_NO_DUTY in response.content.decode()
    assert tf.two_factor_enrolled(site_admin)


def test_account_admin_cannot_reset_its_own_credentials_as_another_account(client, account_admin):
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_RESET_SELF):
        credentials.user_set_password(actor=account_admin, user=account_admin, password=TEMPORARY)
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_RESET_SELF):
        credentials.user_reset_two_factor(actor=account_admin, user=account_admin)

    response = post_edit(client, account_admin, account_admin, **with_password())
    assert non_field_errors(response) == [duties.REFUSE_RESET_SELF]
    assert password_kept(account_admin)
    assert "password1" not in client.get(edit_url(account_admin)).context["form"].fields


@pytest.mark.parametrize("who", ["specialist", "other_account_admin", "root"])
def test_account_admin_cannot_reset_an_account_holding_a_power_over_it(
    request, make_user, office, account_admin, who
):
    if who == "other_account_admin":
        target = make_user("other_account_admin", "account_admin", unit=office)
    else:
        target = request.getfixturevalue(who)

    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_RESET_OVERSEER):
        credentials.user_set_password(actor=account_admin, user=target, password=TEMPORARY)
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_RESET_OVERSEER):
        credentials.user_reset_two_factor(actor=account_admin, user=target)


def test_account_admin_cannot_set_a_password_while_making_the_account_an_overseer(
    client, account_admin, town_liaison
):
    response = post_edit(
        client,
        account_admin,
        town_liaison,
        groups=[group("liaison").pk, group("site_specialist").pk],
        **with_password(),
    )

    assert duties.REFUSE_RESET_OVERSEER in non_field_errors(response)
    assert password_kept(town_liaison)


def test_a_password_written_from_another_accounts_request_is_refused(rf, specialist, site_admin):
    """The backstop: a write outside the services (a third-party view) meets the same rule."""
    request = rf.post("/admin/elsewhere/")
    request.user = specialist

    def view(request):
        site_admin.set_password(TEMPORARY)
        site_admin.save()

    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_RESET_NO_DUTY):
        UploadRequestMiddleware(view)(request)
    assert password_kept(site_admin)

    request.user = site_admin  # the holder changing its own password passes
    UploadRequestMiddleware(view)(request)
    site_admin.refresh_from_db()
    assert check_password(TEMPORARY, site_admin.password)


# --------------------------------------------------------------------------- allowed


def test_account_admin_sets_a_liaisons_password_which_must_be_changed_at_sign_in(
    client,
    account_admin,
    town_liaison,
    specialist,
    minister,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(client, account_admin, town_liaison, **with_password())

    assert response.status_code == 302
    assert PasswordRecord.objects.get(user=town_liaison).must_change
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PASSWORD_SET)
    assert (event.user, event.ip_address) == (account_admin, "127.0.0.1")
    assert event.detail | {"target": "town_liaison"} == {
        "target": "town_liaison",
        "what": "密码",
        "action": "设置",
        "source": "admin",
    }
    to_officers, to_holder = mailoutbox
    assert sorted(to_officers.to) == sorted([specialist.email, minister.email])
    assert "account_admin" in to_officers.body and "town_liaison" in to_officers.subject
    assert to_holder.to == ["town_liaison@xiuying.example"]
    assert "下次登录时须先设置" in to_holder.body

    liaison = Client()
    signed_in = liaison.post("/admin/login/", {"username": "town_liaison", "password": TEMPORARY})
    assert signed_in.status_code == 302
    assert liaison.get("/admin/pages/")["Location"].startswith("/admin/password/change/")


def test_the_holder_hears_of_a_reset_at_the_address_it_had(
    client, account_admin, town_liaison, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(
            client,
            account_admin,
            town_liaison,
            email="elsewhere@xiuying.example",
            **with_password(),
        )

    holder_mail = mailoutbox[-1]
    assert sorted(holder_mail.to) == ["elsewhere@xiuying.example", "town_liaison@xiuying.example"]


def test_account_admin_resets_a_second_factor_mailed_to_the_holder(
    account_admin, site_admin, mailoutbox, django_capture_on_commit_callbacks
):
    tf.totp_enrol_with_secret(user=site_admin, base32_secret=TEST_SECRET)

    with django_capture_on_commit_callbacks(execute=True):
        credentials.user_reset_two_factor(actor=account_admin, user=site_admin)

    assert not tf.two_factor_enrolled(site_admin)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TOTP_RESET)
    assert (event.user, event.detail["target"]) == (account_admin, "site_admin")
    assert ["site_admin@xiuying.example"] in [mail.to for mail in mailoutbox]


def test_a_superuser_resets_the_specialists_credentials(root, specialist):
    credentials.user_set_password(actor=root, user=specialist, password=TEMPORARY)

    assert PasswordRecord.objects.get(user=specialist).must_change


def test_account_admin_clears_a_password_recorded_as_such(account_admin, town_liaison):
    credentials.user_clear_password(actor=account_admin, user=town_liaison)

    town_liaison.refresh_from_db()
    assert not town_liaison.has_usable_password()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PASSWORD_SET)
    assert (event.user, event.detail["action"]) == (account_admin, "清除")


def test_a_script_sets_a_password_recorded_as_script(town_liaison):
    credentials.user_set_password(actor=None, user=town_liaison, password=TEMPORARY)

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PASSWORD_SET)
    assert (event.user, event.detail["source"]) == (None, "script")
    assert PasswordRecord.objects.get(user=town_liaison).must_change


def test_specialist_creates_an_account_without_a_password_the_account_admin_gives_one(
    client, specialist, account_admin, town, django_user_model
):
    client.force_login(specialist)
    form = {
        "username": "newcomer",
        "email": "newcomer@xiuying.example",
        "first_name": "新",
        "last_name": "人",
        "unit": town.pk,
    }
    assert "password1" not in client.get(reverse("wagtailusers_users:add")).context["form"].fields
    assert client.post(reverse("wagtailusers_users:add"), form).status_code == 302
    newcomer = django_user_model.objects.get(username="newcomer")
    assert not newcomer.has_usable_password()

    response = post_edit(client, account_admin, newcomer, **with_password())

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert check_password(TEMPORARY, newcomer.password)
    assert PasswordRecord.objects.get(user=newcomer).must_change
