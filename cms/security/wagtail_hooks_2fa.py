"""Registers the second factor's pages with Wagtail's account page and settings menu."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.security.two_factor_views import AccountListMenuItem, account_menu_item

hooks.register("register_account_menu_item", account_menu_item)


@hooks.register("register_settings_menu_item")
def two_factor_accounts_menu_item():
    return AccountListMenuItem(
        _("账号双因素认证"), reverse_lazy("xiuying_2fa:accounts"), icon_name="key", order=900
    )
