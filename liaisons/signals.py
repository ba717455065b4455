"""Keeps the contribution records in step with the approval chain: thin receivers over
``liaisons.services``, connected by ``LiaisonsConfig.ready()``.

Wagtail sends ``workflow_submitted`` when a run starts, ``task_submitted`` when a step starts
(the first step after the drafter resumes a rejected run), ``workflow_rejected`` and
``workflow_cancelled`` on the WorkflowState, and ``page_published`` when the last step releases.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import WorkflowState
from wagtail.signals import (
    page_published,
    task_submitted,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

from columns.models import ArticlePage
from liaisons import services


def _article_page_id(workflow_state) -> int | None:
    article_type = ContentType.objects.get_for_model(ArticlePage)
    if workflow_state.content_type_id != article_type.pk:
        return None
    return int(workflow_state.object_id)


def on_submitted(sender, instance, **kwargs):
    if _article_page_id(instance) is not None:
        services.contribution_submitted(article=instance.content_object.specific)


def on_step_started(sender, instance, **kwargs):
    page_id = _article_page_id(instance.workflow_state)
    if page_id is not None:
        services.contribution_resumed(page_id=page_id)


def on_rejected(sender, instance, **kwargs):
    page_id = _article_page_id(instance)
    if page_id is not None:
        services.contribution_rejected(page_id=page_id)


def on_cancelled(sender, instance, **kwargs):
    page_id = _article_page_id(instance)
    if page_id is not None:
        services.contribution_withdrawn(page_id=page_id)


def on_published(sender, instance, **kwargs):
    services.contribution_released(article=instance)


def connect():
    for signal, receiver in (
        (workflow_submitted, on_submitted),
        (workflow_rejected, on_rejected),
        (workflow_cancelled, on_cancelled),
    ):
        signal.connect(receiver, sender=WorkflowState, dispatch_uid=f"liaisons_{receiver.__name__}")
    task_submitted.connect(on_step_started, dispatch_uid="liaisons_on_step_started")
    page_published.connect(on_published, sender=ArticlePage, dispatch_uid="liaisons_on_published")
