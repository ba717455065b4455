from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class SecurityConfig(AppConfig):
    # This module holds two AppConfigs; without ``default`` Django would pick neither.
    default = True
    name = "cms.security"
    label = "cms_security"
    verbose_name = _("账号与安全")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Receivers of sign-in, session, token and privilege signals (R-13..R-17).
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from cms.security import alerts, checks, lockout, privilege_signals, sessions, tokens  # noqa: F401
        from cms.security.health import register_health_checks

        privilege_signals.connect()
        register_health_checks()
        user_locked_out.connect(alerts.on_user_locked_out, dispatch_uid="xiuying_alert_lockout")
        user_login_failed.connect(alerts.on_user_login_failed, dispatch_uid="xiuying_alert_spray")


class XiuyingUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the unit of every account on its forms (R-01), and roles and
    group permissions changed only under the separation of duties (R-13)."""

    user_viewset = "cms.security.account_viewsets.XiuyingUserViewSet"
    group_viewset = "cms.security.account_viewsets.XiuyingGroupViewSet"
