from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "cms.web"
    label = "cms_web"
    verbose_name = _("公开网站")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Page types render through the public site (columns.interfaces), and the footer
        # settings start a new content generation when saved.
        from cms.web import renderer, signals

        renderer.provide()
        signals.connect()
