from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    # This module holds two AppConfigs; without ``default`` Django would pick neither for "cms".
    default = True
    name = "cms"
    verbose_name = _("秀英党建网核心")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Chinese names as they are written, in Wagtail's screens too (cms/names.py).
        from django.contrib.auth.models import User

        from cms.names import user_full_name

        User.get_full_name = user_full_name
        # The mini-program API's cache invalidation and its admin hooks.
        import cms.api.hooks  # noqa: F401
        import cms.web.hooks  # noqa: F401 - the public site's gate (R-24)
        from cms.api import signals as api_signals

        api_signals.connect()
        from cms.web import signals as web_signals

        web_signals.connect()


class XiuyingUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the unit of every account on its forms (R-01), and roles and
    group permissions changed only under the separation of duties (R-13)."""

    user_viewset = "cms.viewsets.XiuyingUserViewSet"
    group_viewset = "cms.viewsets.XiuyingGroupViewSet"
