from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "cms.api"
    label = "cms_api"
    verbose_name = _("小程序接口")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Cache invalidation on every change of what the API serves.
        from cms.api import signals

        signals.connect()
