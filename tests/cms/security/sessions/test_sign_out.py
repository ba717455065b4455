"""Signing out is a POST (issue 18): a cross-site link (GET) must not sign anyone out."""

import pytest
from django.conf import settings
from django.test import Client

from cms.security.models import SecurityEvent

pytestmark = pytest.mark.django_db
SIGN_OUT = "/admin/logout/"


def test_a_link_to_sign_out_asks_and_leaves_the_session_alone(sign_in, town_liaison):
    browser = sign_in(town_liaison)
    page = browser.get(SIGN_OUT)
    html = page.content.decode()
    assert page.status_code == 200
    assert "确定要退出登录吗？" in html and 'method="post"' in html
    assert settings.SESSION_COOKIE_NAME not in page.cookies
    assert browser.get("/admin/").status_code == 200
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGOUT).exists()


def test_the_confirmation_form_signs_out(sign_in, town_liaison):
    browser = sign_in(town_liaison)
    response = browser.post(SIGN_OUT)
    assert response["Location"] == "/admin/login/"
    assert browser.get("/admin/").status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGOUT).exists()


def test_a_cross_site_post_without_the_token_signs_nobody_out(sign_in, town_liaison):
    browser = sign_in(town_liaison)
    browser.handler.enforce_csrf_checks = True
    assert browser.post(SIGN_OUT).status_code == 403
    assert browser.get("/admin/").status_code == 200


def test_signed_out_visitors_are_pointed_to_the_sign_in_page():
    assert "您当前未登录" in Client().get(SIGN_OUT).content.decode()
