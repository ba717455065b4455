"""Registers the sign-in and password parts of the admin (R-13, R-16). A password set in the
user admin goes through ``cms.security.credentials`` (the user forms call it)."""

from django.urls import path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from cms.security.axes_admin import LockAdmin
from cms.security.views import PasswordChangeView

modeladmin_register(LockAdmin)


@hooks.register("register_admin_urls")
def register_password_change_url():
    return [path("password/change/", PasswordChangeView.as_view(), name="xiuying_password_change")]
