from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "cms.demo"
    label = "cms_demo"
    verbose_name = _("演示内容")
    default_auto_field = "django.db.models.BigAutoField"
