"""Two factors in the admin: account settings, recovery codes, the account list 网站专管员 watches
and the resets 账号管理员 make (R-13, R-17; the rule itself: tests/cms/security/duties)."""

import pytest
from django.test import Client

from cms.security import credentials, duties
from cms.security import two_factor as tf
from cms.security.models import SecurityEvent
from cms.security.privileges import PrivilegeChangeRefused
from tests.cms.security.sessions.totp import TEST_SECRET, code_from_secret
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def enrolled(user):
    return tf.totp_enrol_with_secret(user=user, base32_secret=TEST_SECRET)


@pytest.fixture
def account_admin(make_user, section):
    return make_user("account_admin", "account_admin", unit=section)


def test_the_account_page_leads_to_the_two_factor_settings(client, town_liaison):
    client.force_login(town_liaison)
    page = client.get("/admin/account/").content.decode()
    assert 'href="/admin/2fa/"' in page and "双因素认证" in page
    assert "未启用" in client.get("/admin/2fa/").content.decode()


def test_an_optional_account_may_enrol_from_its_settings(client, town_liaison):
    client.force_login(town_liaison)
    client.get("/admin/2fa/enrol/")
    secret = tf.secret_base32(tf.totp_device(town_liaison, confirmed=False))
    response = client.post("/admin/2fa/enrol/", {"code": code_from_secret(secret)})
    assert len(response.context["codes"]) == tf.RECOVERY_CODE_COUNT
    assert client.get("/admin/").status_code == 200  # this session passed with that code


def test_new_recovery_codes_replace_the_old_ones(client, minister):
    enrolled(minister)
    old = tf.recovery_codes_issue(user=minister)
    client.force_login(minister)
    response = client.post("/admin/2fa/recovery-codes/", {"next": "/admin/2fa/"})
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert tf.recovery_codes_left(minister) == 10


def test_an_unverified_session_cannot_renew_recovery_codes(sign_in, town_liaison):
    browser = sign_in(town_liaison)
    assert browser.post("/admin/2fa/recovery-codes/").status_code == 403


def test_the_specialist_sees_who_has_two_factors(client, specialist, minister, town_liaison):
    enrolled(town_liaison)
    client.force_login(specialist)
    rows = {row.user.username: row for row in client.get("/admin/2fa/accounts/").context["rows"]}
    assert (rows["minister"].required, rows["minister"].enrolled) == (True, False)
    assert (rows["town_liaison"].required, rows["town_liaison"].enrolled) == (False, True)
    assert rows["minister"].roles == ("组织部长",)


def test_the_account_list_runs_a_fixed_number_of_queries(
    specialist, make_user, section, django_assert_max_num_queries
):
    for n in range(30):
        enrolled(make_user(f"approver{n}", "unit_approver", "minister", unit=section))
    with django_assert_max_num_queries(3):
        rows = tf.two_factor_accounts()
    assert len(rows) == 31


def test_the_account_admin_resets_another_accounts_two_factors(
    client, sign_in, account_admin, minister
):
    enrolled(minister)
    tf.recovery_codes_issue(user=minister)
    client.force_login(account_admin)
    assert (
        "将删除账号 minister"
        in client.get(f"/admin/2fa/accounts/{minister.pk}/reset/").content.decode()
    )
    response = client.post(f"/admin/2fa/accounts/{minister.pk}/reset/")
    assert response.url == "/admin/2fa/accounts/"
    assert not tf.two_factor_enrolled(minister) and tf.recovery_codes_left(minister) == 0
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TOTP_RESET)
    assert (event.user, event.detail["target"], event.detail["what"]) == (
        account_admin,
        "minister",
        "双因素认证",
    )
    assert sign_in(minister).get("/admin/").url.startswith("/admin/2fa/enrol/")


@pytest.mark.parametrize("who", ["specialist", "site_admin", "minister"])
def test_only_the_account_admin_may_reset_two_factors(client, request, who, town_liaison):
    user = request.getfixturevalue(who)
    enrolled(town_liaison)
    client.force_login(user)
    response = client.post(f"/admin/2fa/accounts/{town_liaison.pk}/reset/")
    assert response.status_code == 403
    assert duties.REFUSE_RESET_NO_DUTY in response.content.decode()
    assert tf.two_factor_enrolled(town_liaison)
    with pytest.raises(PrivilegeChangeRefused, match=duties.REFUSE_RESET_NO_DUTY):
        credentials.user_reset_two_factor(actor=user, user=town_liaison)


@pytest.mark.parametrize("who", ["site_admin", "minister"])
def test_the_account_list_is_for_the_specialist_and_account_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/admin/2fa/accounts/").status_code == 403


def test_the_specialist_sees_the_list_without_reset_buttons(
    client, specialist, account_admin, town_liaison
):
    enrolled(town_liaison)
    reset_url = f"/admin/2fa/accounts/{town_liaison.pk}/reset/"
    client.force_login(specialist)
    assert reset_url not in client.get("/admin/2fa/accounts/").content.decode()
    client.force_login(account_admin)
    assert reset_url in client.get("/admin/2fa/accounts/").content.decode()


def test_the_settings_menu_offers_the_account_list_to_the_specialist_and_account_admin(
    client, specialist, account_admin, site_admin
):
    client.force_login(specialist)
    assert "/admin/2fa/accounts/" in client.get("/admin/").content.decode()
    client.force_login(account_admin)
    assert "/admin/2fa/accounts/" in client.get("/admin/").content.decode()
    client.force_login(site_admin)
    assert "/admin/2fa/accounts/" not in client.get("/admin/").content.decode()


def test_a_session_whose_authenticator_was_reset_must_enrol_again(client, account_admin, minister):
    enrolled(minister)
    client.force_login(minister)
    assert client.get("/admin/").status_code == 200
    credentials.user_reset_two_factor(actor=account_admin, user=minister)
    assert client.get("/admin/").url.startswith("/admin/2fa/enrol/")


def test_the_test_clients_force_login_passes_the_same_gate(client, minister):
    client.force_login(minister)
    assert client.get("/admin/").status_code == 200
    plain = Client()
    plain.force_login(minister)
    assert plain.get("/admin/").url.startswith("/admin/2fa/verify/")


def test_a_superuser_passes_with_the_second_factor(client, roles):
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get("/admin/").status_code == 200
