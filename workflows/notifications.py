"""E-mail on every transition of the chain, and the overdue reminders (R-04..R-10, R-20).

Replaces Wagtail's workflow notifiers (``wagtail/admin/signal_handlers.py``): they write to the
submitter and to moderators by group, say nothing of a rejection's comment (wagtail issues 7542
and 10196) and know nothing of roles and units. Here a step's start goes to the accounts the
rules allow to act (``queue.holders_of``); rejections, approvals with a comment and the release
go to the drafter. Mails leave after the transaction commits, one per recipient, from the
background worker (``*_task``, django-tasks): an approver's click never waits for the mail server.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from wagtail.admin.mail import OpenedConnection, send_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    task_approved,
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from cms.core.names import display_name
from columns.models import ArticlePage
from workflows import budgets, queue, rules
from workflows.models import ApprovalForm, ApprovalStep, ChainStepTask

logger = logging.getLogger(__name__)

TEMPLATE_DIR = "workflows/queue/email/"
# Wagtail's notifiers, by the dispatch_uid wagtail.admin's AppConfig.ready() connects them with.
WAGTAIL_NOTIFIERS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
)


def admin_url(page_id: int) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("wagtailadmin_pages:edit", args=[page_id])


def send(template: str, users, context: dict) -> int:
    """Render ``template`` (subject, text, HTML) for each active account with an address."""
    recipients = [user for user in users if user.is_active and user.email]
    if not recipients:
        return 0
    base = {"base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **context}
    with translation.override("zh-hans"), OpenedConnection(get_connection()) as connection:
        return sum(_send_one(template, user, base, connection) for user in recipients)


def _send_one(template, user, context, connection) -> int:
    context = {**context, "recipient_name": display_name(user)}
    subject = " ".join(_render(f"{template}_subject.txt", context).split())
    text = _render(f"{template}.txt", context).strip()
    html = _render(f"{template}.html", context)
    try:
        return send_mail(subject, text, [user.email], connection=connection, html_message=html)
    except Exception:  # A lost mail must not break the chain: log it and carry on.
        logger.exception("Failed to send '%s' to %s", subject, user.email)
        return 0


def _render(name: str, context: dict) -> str:
    return render_to_string(TEMPLATE_DIR + name, context)


def _item_context(form: ApprovalForm, step: str, **extra) -> dict:
    return {
        "title": form.article_title,
        "column": form.column_title,
        "source_unit": form.source_unit_name,
        "drafter": form.drafter_name,
        "step_label": rules.STEP_LABELS[step],
        "edit_url": admin_url(form.article_page_id),
        **extra,
    }


def _chain_state(task_state_id: int):
    """(task state, chain step task, approval form) or None when not a step of the chain."""
    state = TaskState.objects.select_related("task", "finished_by").filter(pk=task_state_id).first()
    task = state.task.specific if state else None
    if not isinstance(task, ChainStepTask):
        return None
    form = (
        ApprovalForm.objects.select_related("drafter", "source_unit")
        .filter(workflow_state_id=state.workflow_state_id)
        .first()
    )
    return (state, task, form) if form else None


def notify_step_started(task_state_id: int) -> int:
    """Tell the accounts that may act on a step that it waits for them."""
    found = _chain_state(task_state_id)
    if found is None or found[0].status != TaskState.STATUS_IN_PROGRESS:
        return 0
    state, task, form = found
    # Built from the task state, not the step's line: Wagtail's resume path runs outside a
    # transaction, where this runs before ``services.step_started`` has written that line.
    step = ApprovalStep(
        form=form, step=task.step, revision_id=state.revision_id, started_at=state.started_at
    )
    budget = round(budgets.step_budget_seconds(task.step) / queue.HOUR, 1)
    context = _item_context(form, task.step, started_at=state.started_at, budget_hours=budget)
    return send("step_started", queue.holders_of([step])[0], context)


def notify_decision(task_state_id: int, template: str, actor_id: int | None) -> int:
    """Tell the drafter of a rejection, or of an approval's comment, with the comment."""
    found = _chain_state(task_state_id)
    if found is None:
        return 0
    state, task, form = found
    if form.drafter is None or form.drafter.pk == actor_id:
        return 0
    signer = display_name(state.finished_by) if state.finished_by else ""
    context = _item_context(form, task.step, comment=state.comment, signer=signer)
    return send(template, [form.drafter], context)


def notify_released(page_id: int) -> int:
    form = (
        ApprovalForm.objects.select_related("drafter")
        .filter(article_page_id=page_id, status=ApprovalForm.Status.APPROVED)
        .order_by("-completed_at", "-pk")
        .first()
    )
    if form is None or form.drafter is None:
        return 0
    page = ArticlePage.objects.filter(pk=page_id).first()
    live_url = (page.full_url if page else None) or ""
    return send("released", [form.drafter], _item_context(form, rules.RELEASE, live_url=live_url))


def reminders_by_holder(items) -> list[tuple]:
    """(holder, their overdue items) for every holder of any of ``items``, in first-seen order."""
    grouped: dict[int, tuple] = {}
    for item in items:
        for holder in item.holders:
            grouped.setdefault(holder.pk, (holder, []))[1].append(item)
    return list(grouped.values())


def send_overdue_reminder(holder, items) -> int:
    return send("overdue", [holder], {"items": items, "count": len(items)})


@task()
def notify_step_started_task(task_state_id: int) -> int:
    return notify_step_started(task_state_id)


@task()
def notify_decision_task(task_state_id: int, template: str, actor_id: int | None) -> int:
    return notify_decision(task_state_id, template, actor_id)


@task()
def notify_released_task(page_id: int) -> int:
    return notify_released(page_id)


def on_task_submitted(sender, instance, **kwargs):
    transaction.on_commit(partial(notify_step_started_task.enqueue, instance.pk))


def on_task_rejected(sender, instance, user=None, **kwargs):
    enqueue = partial(notify_decision_task.enqueue, instance.pk, "rejected", _pk(user))
    transaction.on_commit(enqueue)


def on_task_approved(sender, instance, user=None, **kwargs):
    if (instance.comment or "").strip():
        enqueue = partial(notify_decision_task.enqueue, instance.pk, "commented", _pk(user))
        transaction.on_commit(enqueue)


def on_released(sender, instance, **kwargs):
    transaction.on_commit(partial(notify_released_task.enqueue, instance.pk))


def _pk(user):
    return getattr(user, "pk", None)


def _replaced_by_xiuying(sender, **kwargs):
    """Holds the dispatch_uid of a Wagtail notifier; ``workflows.notifications`` mails instead."""


def silence_wagtail_notifiers():
    # This app is ready before wagtail.admin (INSTALLED_APPS order), and Wagtail connects its
    # notifiers in its ready(): a plain disconnect would be undone. Holding each dispatch_uid
    # with a no-op keeps them out whichever side runs first (Signal.connect skips a known uid).
    for signal, sender, uid in WAGTAIL_NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(_replaced_by_xiuying, sender=sender, dispatch_uid=uid, weak=False)


def connect():
    """Idempotent: every receiver has a dispatch_uid."""
    silence_wagtail_notifiers()
    for signal, handler, sender, uid in (
        (task_submitted, on_task_submitted, TaskState, "xiuying_notify_step_started"),
        (task_rejected, on_task_rejected, TaskState, "xiuying_notify_rejected"),
        (task_approved, on_task_approved, TaskState, "xiuying_notify_commented"),
        (page_published, on_released, ArticlePage, "xiuying_notify_released"),
    ):
        signal.connect(handler, sender=sender, dispatch_uid=uid)
