from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("秀英党建网核心")
    default_auto_field = "django.db.models.BigAutoField"


class XiuyingUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the unit of every account on its forms (R-01)."""

    user_viewset = "cms.viewsets.XiuyingUserViewSet"
