"""The security part of the admin (R-13..R-18): the audit and lockout registers, the password
change page, the second factor's pages, and the duty-checked "assign role" bulk action. The
receivers of sign-in and privilege signals are connected in ``apps.py``."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from cms.security import admin_views
from cms.security.axes_admin import LockAdmin
from cms.security.role_bulk_action import DutyCheckedAssignRoleBulkAction
from cms.security.two_factor_views import AccountListMenuItem, account_menu_item
from cms.security.views import PasswordChangeView

modeladmin_register(admin_views.SecurityEventAdmin)
modeladmin_register(LockAdmin)

hooks.register("register_account_menu_item", account_menu_item)
# Registered after Wagtail's own (order 1): the registry keeps the last action of a type.
hooks.register("register_bulk_action", DutyCheckedAssignRoleBulkAction, order=1)


@hooks.register("register_admin_urls")
def register_security_urls():
    return [
        path("xiuying/security/", include((admin_views.urlpatterns, "xiuying_security"))),
        path("password/change/", PasswordChangeView.as_view(), name="xiuying_password_change"),
    ]


@hooks.register("register_admin_menu_item")
def register_security_audit_menu_item():
    return admin_views.audit_menu_item()


@hooks.register("register_settings_menu_item")
def two_factor_accounts_menu_item():
    return AccountListMenuItem(
        _("账号双因素认证"), reverse_lazy("xiuying_2fa:accounts"), icon_name="key", order=900
    )
