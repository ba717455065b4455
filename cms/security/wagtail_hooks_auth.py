"""Registers the sign-in and password parts of the admin (R-13, R-16)."""

from django.urls import path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from cms.security.axes_admin import LockAdmin
from cms.security.passwords import password_set_by
from cms.security.views import PasswordChangeView

modeladmin_register(LockAdmin)


@hooks.register("register_admin_urls")
def register_password_change_url():
    return [path("password/change/", PasswordChangeView.as_view(), name="xiuying_password_change")]


@hooks.register("after_create_user")
@hooks.register("after_edit_user")
def password_set_in_user_admin(request, user):
    password_set_by(
        user=user, actor=request.user, password_given=bool(request.POST.get("password1"))
    )
