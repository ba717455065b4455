from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "cms.ops"
    label = "cms_ops"
    verbose_name = _("运行维护")
    default_auto_field = "django.db.models.BigAutoField"
