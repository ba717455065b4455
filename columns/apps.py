from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ColumnsConfig(AppConfig):
    name = "columns"
    verbose_name = _("栏目与信息")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from columns import policies, signals

        policies.policies_register()
        signals.connect()
