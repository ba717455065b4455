import pytest
from django.urls import reverse

from cms.core.models import UserProfile

pytestmark = pytest.mark.django_db


def test_admin_login_page_is_chinese(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert 'lang="zh-hans"' in html
    assert "登录" in html


def test_admin_dashboard_is_chinese_for_a_liaison(client, home, town_liaison):
    client.force_login(town_liaison)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "网站摘要" in html


def superuser(django_user_model):
    # Not a site administrator too: one account may not hold both (cms.security.duties).
    return django_user_model.objects.create_superuser("root", "root@xiuying.example", "x" * 16)


def test_user_admin_requires_and_saves_a_unit(client, town, django_user_model):
    client.force_login(superuser(django_user_model))
    url = reverse("wagtailusers_users:add")
    data = {
        "username": "newcomer",
        "email": "n@xiuying.example",
        "first_name": "新",
        "last_name": "人",
        "password1": "Xiuying#Newcomer26",
        "password2": "Xiuying#Newcomer26",
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "所属单位" in response.content.decode()
    assert not django_user_model.objects.filter(username="newcomer").exists()

    response = client.post(url, {**data, "unit": town.pk})
    assert response.status_code == 302
    assert UserProfile.objects.get(user__username="newcomer").unit == town


def test_user_edit_form_shows_current_unit(client, town_liaison, town, django_user_model):
    client.force_login(superuser(django_user_model))
    response = client.get(reverse("wagtailusers_users:edit", args=(town_liaison.pk,)))
    assert response.context["form"]["unit"].value() == town.pk
