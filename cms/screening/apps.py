from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "cms.screening"
    label = "cms_screening"
    verbose_name = _("内容审查")
    default_auto_field = "django.db.models.BigAutoField"
