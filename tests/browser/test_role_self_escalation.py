"""The probe of issue 18 in a real browser (R-08, R-13): signed in as 网站专管员, the security
officer opens its own account in the user admin, ticks 网站管理员 and saves. It is refused in
Chinese beside the roles, keeps its one role, and the attempt is a security event."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from cms.security import duties
from cms.security.models import SecurityEvent
from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_specialist_cannot_add_the_publisher_role_to_itself(page, live_server, specialist):
    site_admin = Group.objects.get(name="网站管理员")
    sign_in(page, live_server.url, specialist)
    page.goto(live_server.url + reverse("wagtailusers_users:edit", args=(specialist.pk,)))

    page.click("#tab-label-roles")
    page.check(f"input[name=groups][value='{site_admin.pk}']")
    page.locator("button[type=submit]", has_text="保存").first.click()

    page.click("#tab-label-roles")
    errors = page.locator("#tab-roles .error-message")
    expect(errors.filter(has_text=duties.REFUSE_SELF)).to_be_visible()
    expect(errors.filter(has_text=duties.REFUSE_NO_DUTY)).to_be_visible()
    assert sorted(specialist.groups.values_list("name", flat=True)) == ["网站专管员"]
    refused = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PRIVILEGE_REFUSED)
    assert refused.user == specialist
    assert refused.detail["after"] == ["网站专管员", "网站管理员"]
