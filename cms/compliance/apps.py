from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """合规体检: the national inspection's single-veto rules, dead and hidden links, the
    availability probe, visits and the annual report (issue 14; R-18, R-20, R-21)."""

    name = "cms.compliance"
    label = "cms_compliance"
    verbose_name = _("合规体检")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.compliance import signals

        signals.connect()
