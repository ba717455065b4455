"""Error pages speak Chinese (the admin's language), not Django's English defaults."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.views.defaults import permission_denied

pytestmark = pytest.mark.django_db


def test_a_refused_request_explains_itself_in_chinese(rf):
    response = permission_denied(rf.get("/admin/"), PermissionDenied())
    assert response.status_code == 403
    assert "无权执行此操作" in response.content.decode()


def test_an_expired_form_says_so_in_chinese():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("wagtailadmin_login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_an_unknown_page_answers_in_chinese():
    response = Client().get("/no-such-page-anywhere/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
