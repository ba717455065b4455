from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("审批流程")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from columns import interfaces
        from workflows import document_access, document_selectors, selectors, signals

        # The page types learn the chain through an interface they own.
        interfaces.provide_chain(
            interfaces.Chain(
                workflow=selectors.chain_workflow,
                revision_is_released=selectors.revision_is_released,
                documents_not_readable=document_selectors.documents_not_readable,
            )
        )
        document_access.document_policy_register()
        signals.connect()
