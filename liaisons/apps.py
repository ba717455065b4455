from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonsConfig(AppConfig):
    name = "liaisons"
    verbose_name = _("信息联络员")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from liaisons import signals

        signals.connect()
