"""The second factor at sign-in: who must enrol, the code page, recovery codes (R-13, R-17).

These tests sign in through the login form with plain clients: nothing passes the gate for them.
"""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.security import two_factor as tf
from cms.security.models import SecurityEvent
from tests.cms.security.sessions.totp import TEST_SECRET, code_from_secret, next_code
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

VERIFY = "/admin/2fa/verify/"
ENROL = "/admin/2fa/enrol/"


def enrolled(user):
    return tf.totp_enrol_with_secret(user=user, base32_secret=TEST_SECRET)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_minister_without_two_factors_cannot_reach_the_admin(sign_in, minister):
    browser = sign_in(minister)
    for path in ["/admin/", "/admin/pages/", "/admin/account/", "/admin/2fa/"]:
        response = browser.get(path)
        assert response.status_code == 302
        assert response.url.startswith(ENROL)


@pytest.mark.parametrize("role", ["site_admin", "site_specialist"])
def test_administrators_and_specialists_must_enrol_too(sign_in, make_user, section, role):
    browser = sign_in(make_user(f"{role}_x", role, unit=section))
    assert browser.get("/admin/").url.startswith(ENROL)


def test_a_superuser_must_enrol(sign_in, roles):
    browser = sign_in(UserFactory(username="root", is_superuser=True))
    assert browser.get("/admin/").url.startswith(ENROL)


def test_a_liaison_without_two_factors_goes_straight_to_the_admin(sign_in, town_liaison):
    assert sign_in(town_liaison).get("/admin/").status_code == 200


def test_an_enrolled_account_is_asked_for_the_code_on_a_page_of_its_own(sign_in, minister):
    enrolled(minister)
    browser = sign_in(minister)
    response = browser.get("/admin/pages/")
    assert response.url == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    page = browser.get(response.url).content.decode()
    assert 'name="code"' in page and 'name="password"' not in page


def test_the_code_from_the_authenticator_opens_the_admin(sign_in, minister):
    enrolled(minister)
    browser = sign_in(minister)
    response = browser.post(
        VERIFY, {"code": code_from_secret(TEST_SECRET), "next": "/admin/pages/"}
    )
    assert response.url == "/admin/pages/"
    assert browser.get("/admin/").status_code == 200


def test_an_optional_account_that_enrolled_is_asked_for_the_code(sign_in, town_liaison):
    enrolled(town_liaison)
    assert sign_in(town_liaison).get("/admin/").url.startswith(VERIFY)


def test_a_wrong_code_is_refused_and_recorded(sign_in, minister):
    enrolled(minister)
    browser = sign_in(minister, addr="203.0.113.7")
    page = browser.post(VERIFY, {"code": wrong(code_from_secret(TEST_SECRET))})
    assert tf.CODE_INVALID in page.content.decode()
    assert browser.get("/admin/").url.startswith(VERIFY)
    failure = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TOTP_FAILURE)
    assert (failure.user, failure.ip_address) == (minister, "203.0.113.7")


def test_a_code_is_accepted_only_once(sign_in, minister):
    enrolled(minister)
    code = code_from_secret(TEST_SECRET)
    sign_in(minister).post(VERIFY, {"code": code})
    again = sign_in(minister).post(VERIFY, {"code": code})
    assert tf.CODE_INVALID in again.content.decode()


def test_repeated_failures_make_the_account_wait(sign_in, minister):
    device = enrolled(minister)
    for _ in range(5):
        device.throttle_increment()
    browser = sign_in(minister)
    page = browser.post(VERIFY, {"code": code_from_secret(TEST_SECRET)}).content.decode()
    assert "验证码错误次数过多，请" in page
    assert browser.get("/admin/").url.startswith(VERIFY)


def test_a_recovery_code_opens_the_admin_once(sign_in, minister):
    enrolled(minister)
    codes = tf.recovery_codes_issue(user=minister)
    first = sign_in(minister)
    assert first.post(VERIFY, {"code": codes[0].upper()}).url == "/admin/"
    assert "还剩 9 个" in first.get("/admin/").content.decode()
    again = sign_in(minister).post(VERIFY, {"code": codes[0]})
    assert tf.CODE_INVALID in again.content.decode()


def test_the_next_page_after_the_code_stays_on_this_site(sign_in, minister):
    enrolled(minister)
    browser = sign_in(minister)
    response = browser.post(
        VERIFY, {"code": code_from_secret(TEST_SECRET), "next": "https://evil.example/"}
    )
    assert response.url == "/admin/"


def test_enrolment_confirms_the_authenticator_and_shows_ten_recovery_codes(sign_in, minister):
    browser = sign_in(minister)
    page = browser.get(ENROL).content.decode()
    device = tf.totp_device(minister, confirmed=False)
    secret = tf.secret_base32(device)
    assert secret in page and "<svg" in page and "otpauth://totp/" in page
    response = browser.post(ENROL, {"code": code_from_secret(secret)})
    assert response.context["codes"] == list(
        minister.staticdevice_set.get().token_set.values_list("token", flat=True)
    )
    assert len(response.context["codes"]) == 10
    assert response["Cache-Control"].startswith("max-age=0")
    assert tf.two_factor_enrolled(minister)
    assert browser.get("/admin/").status_code == 200
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.TOTP_ENROLLED, user=minister
    ).exists()


def test_a_wrong_enrolment_code_leaves_the_account_unenrolled(sign_in, minister):
    browser = sign_in(minister)
    browser.get(ENROL)
    secret = tf.secret_base32(tf.totp_device(minister, confirmed=False))
    page = browser.post(ENROL, {"code": wrong(code_from_secret(secret))}).content.decode()
    assert tf.CODE_INVALID in page
    assert not tf.two_factor_enrolled(minister)


def test_reloading_the_enrolment_page_keeps_the_secret_already_scanned(sign_in, minister):
    browser = sign_in(minister)
    browser.get(ENROL)
    browser.get(ENROL)
    assert TOTPDevice.objects.filter(user=minister).count() == 1


def test_a_password_alone_cannot_replace_the_authenticator(sign_in, minister):
    device = enrolled(minister)
    browser = sign_in(minister)
    assert browser.get(ENROL).url.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=minister)) == [device]


def test_the_seed_secret_enrols_an_authenticator_that_accepts_its_codes(minister):
    device = tf.totp_enrol_with_secret(user=minister, base32_secret=TEST_SECRET)
    assert device.confirmed
    assert device.verify_token(code_from_secret(TEST_SECRET))


def test_the_test_helper_finds_a_code_after_one_was_used(minister):
    device = enrolled(minister)
    assert device.verify_token(next_code(device))
    assert device.verify_token(next_code(device))
