"""The password gate (R-16): an expired or reset account reaches nothing before it has changed
its password, and it cannot change it back to a recent one."""

import pytest
from django.utils import timezone

from cms.security import passwords
from cms.security.models import PasswordRecord, SecurityEvent
from columns.services import article_create
from tests.cms.security.auth.conftest import CHANGE_URL, NEW_PASSWORD, password_age
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db

PAGE = {"HTTP_ACCEPT": "text/html"}


def change_password(client, new, *, old=PASSWORD, next_url=""):
    data = {"old_password": old, "new_password1": new, "new_password2": new, "next": next_url}
    return client.post(CHANGE_URL, data)


def sent_to_change(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(CHANGE_URL)


@pytest.fixture
def expired(client, liaison):
    password_age(liaison, 91)
    client.force_login(liaison)
    return liaison


@pytest.fixture
def draft_item(news_column, liaison):
    return article_create(user=liaison, column=news_column, title="长流镇党建工作动态")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/pages/{item}/edit/",
        "/admin/pages/{item}/edit/preview/",
        "/admin/account/",
        "/admin/users/",
        "/admin/xiuying/release-log/export.csv",
        "/admin/reports/",
        "/documents/1/any.pdf",
        "/",
    ],
)
def test_expired_account_reaches_no_page_until_it_changes_its_password(
    client, expired, draft_item, url
):
    assert sent_to_change(client.get(url.format(item=draft_item.pk), **PAGE))
    assert sent_to_change(client.post(url.format(item=draft_item.pk), {}))


def test_exports_of_an_expired_record_keeper_are_closed_too(client, site_admin):
    password_age(site_admin, 91)
    client.force_login(site_admin)
    assert sent_to_change(client.get("/admin/xiuying/release-log/export.csv"))


def test_redirect_remembers_where_the_account_was_going(client, expired):
    response = client.get("/admin/pages/", **PAGE)
    assert response["Location"] == f"{CHANGE_URL}?next=%2Fadmin%2Fpages%2F"


def test_change_page_sign_out_and_admin_scripts_stay_open(client, expired):
    page = client.get(CHANGE_URL)
    assert page.status_code == 200
    assert passwords.EXPIRED_NOTICE.format(days=90) in page.content.decode()
    assert client.get("/admin/jsi18n/").status_code == 200
    assert client.post("/admin/logout/")["Location"] == "/admin/login/"


def test_expired_account_cannot_change_back_to_a_recent_password(client, expired):
    response = change_password(client, PASSWORD)
    assert passwords.REUSED.format(count=5) in response.content.decode()
    assert sent_to_change(client.get("/admin/"))


def test_changing_the_password_opens_the_admin_again(client, expired):
    response = change_password(client, NEW_PASSWORD, next_url="/admin/pages/")
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    record = PasswordRecord.objects.get(user=expired)
    assert not passwords.password_status_for(record=record).blocks


def test_change_page_ignores_a_next_address_off_the_site(client, expired):
    response = change_password(client, NEW_PASSWORD, next_url="https://evil.example/")
    assert response["Location"] == "/admin/"


def test_expiry_is_recorded_once_per_session(client, expired):
    client.get("/admin/")
    client.get("/admin/pages/")
    events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_EXPIRED)
    assert [event.user for event in events] == [expired]


def test_account_is_warned_from_fourteen_days_before_expiry(client, liaison):
    password_age(liaison, 80)
    client.force_login(liaison)
    warning = passwords.EXPIRES_SOON_NOTICE.format(days=10)
    assert warning in client.get("/admin/", **PAGE).content.decode()
    assert warning not in client.get("/admin/", **PAGE).content.decode()


def test_account_far_from_expiry_is_not_warned(client, liaison):
    password_age(liaison, 30)
    client.force_login(liaison)
    assert "过期" not in client.get("/admin/", **PAGE).content.decode()


def test_account_older_than_the_policy_starts_its_clock_at_first_request(client, liaison):
    PasswordRecord.objects.filter(user=liaison).delete()
    client.force_login(liaison)
    assert client.get("/admin/").status_code == 200
    assert (timezone.now() - PasswordRecord.objects.get(user=liaison).changed_at).seconds < 60


def test_account_reset_by_someone_else_changes_its_password_first(client, liaison):
    passwords.password_require_change(user=liaison)
    client.force_login(liaison)
    assert sent_to_change(client.get("/admin/"))
    assert passwords.MUST_CHANGE_NOTICE in client.get(CHANGE_URL).content.decode()
    change_password(client, NEW_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_account_created_in_the_admin_must_change_on_first_sign_in(
    client, django_user_model, town, roles
):
    root = django_user_model.objects.create_superuser("root", "root@xiuying.example", "pw")
    client.force_login(root)
    form = {
        "username": "new_liaison",
        "email": "new_liaison@xiuying.example",
        "first_name": "新",
        "last_name": "联络员",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "unit": town.pk,
    }
    response = client.post("/admin/users/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    new_account = django_user_model.objects.get(username="new_liaison")
    assert PasswordRecord.objects.get(user=new_account).must_change
