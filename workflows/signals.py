"""Connects Wagtail's page and workflow signals to the chain's records."""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    page_unpublished,
    task_cancelled,
    workflow_cancelled,
    workflow_rejected,
)

from columns.models import ArticlePage
from workflows import release_log, services
from workflows.models import ApprovalForm


def on_published(sender, instance, revision, **kwargs):
    release_log.record_release(instance, revision)


def on_unpublished(sender, instance, **kwargs):
    release_log.record_takedown(instance)


def on_task_cancelled(sender, instance, **kwargs):
    services.step_cancelled(instance)


def on_workflow_status(status):
    def handler(sender, instance, **kwargs):
        services.form_set_status(instance, status)

    return handler


def connect():
    page_published.connect(on_published, sender=ArticlePage, dispatch_uid="xiuying_release")
    page_unpublished.connect(on_unpublished, sender=ArticlePage, dispatch_uid="xiuying_takedown")
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
