from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base every other app stands on: units, accounts' profiles, options, names, office
    time, spreadsheets. Its label stays ``cms``: the tables, migrations and permissions of the
    first release were made under it, and an existing database keeps them as they are."""

    name = "cms.core"
    label = "cms"
    verbose_name = _("秀英党建网核心")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Chinese names as they are written, in Wagtail's screens too (cms/core/names.py).
        from django.contrib.auth.models import User

        from cms.core.names import user_full_name

        User.get_full_name = user_full_name

        from cms.core.sidebar import sidebar_names_register

        sidebar_names_register()
