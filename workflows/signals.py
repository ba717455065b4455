"""Connects Wagtail's page and workflow signals to the chain's records."""

from django.db.models.deletion import ProtectedError
from django.db.models.signals import pre_delete
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    page_unpublished,
    task_cancelled,
    workflow_cancelled,
    workflow_rejected,
)

from cms.security.events import security_event_record
from cms.security.models import SecurityEvent
from cms.security.uploads import current_request
from columns.models import ArticlePage
from workflows import notifications, release_log, services
from workflows.models import ApprovalForm


def on_published(sender, instance, revision, **kwargs):
    release_log.record_release(instance, revision)


def on_unpublished(sender, instance, **kwargs):
    entry = release_log.record_takedown(instance)
    # A takedown is a security event too: who, which item, and the logged reason.
    security_event_record(
        SecurityEvent.Kind.TAKEDOWN,
        request=current_request(),
        user=entry.actor,
        page_id=instance.pk,
        title=instance.title,
        reason=entry.reason,
    )


LIVE_REVISION_PROTECTED = "该版本为线上发布版本，不能删除。"


def protect_live_revision(sender, instance, **kwargs):
    # purge_revisions in Wagtail 8 deletes live revisions too; the published revision is the
    # evidence the release log and audit_releases point at, so it stays while the page is live.
    if Page.objects.filter(live=True, live_revision_id=instance.pk).exists():
        raise ProtectedError(LIVE_REVISION_PROTECTED, {instance})


def on_task_cancelled(sender, instance, **kwargs):
    services.step_cancelled(instance)


def on_workflow_status(status):
    def handler(sender, instance, **kwargs):
        services.form_set_status(instance, status)

    return handler


def connect():
    page_published.connect(on_published, sender=ArticlePage, dispatch_uid="xiuying_release")
    page_unpublished.connect(on_unpublished, sender=ArticlePage, dispatch_uid="xiuying_takedown")
    pre_delete.connect(protect_live_revision, sender=Revision, dispatch_uid="xiuying_live_rev")
    task_cancelled.connect(on_task_cancelled, sender=TaskState, dispatch_uid="xiuying_task_cancel")
    for signal, status in (
        (workflow_cancelled, ApprovalForm.Status.CANCELLED),
        (workflow_rejected, ApprovalForm.Status.REJECTED),
    ):
        signal.connect(
            on_workflow_status(status),
            sender=WorkflowState,
            weak=False,
            dispatch_uid=f"xiuying_form_{status}",
        )
    notifications.connect()
