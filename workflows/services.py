"""Writes of the approval chain: forms, step records, actions, the final release (R-04..R-10)."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.log_actions import log
from wagtail.models import TaskState, Workflow, WorkflowState, WorkflowTask

from cms.core.names import display_name
from cms.core.selectors import user_unit
from cms.screening.duplicates import duplicates_note
from cms.screening.engine import EntryKind
from cms.screening.services import APPROVAL_BLOCKED, article_screen_memo, verdict_refusal
from columns.permissions import user_can_publish
from workflows import budgets, rules, selectors
from workflows.models import ApprovalForm, ApprovalStep, ChainStepTask

logger = logging.getLogger(__name__)

STEP_ALREADY_DECIDED = "该环节已由他人办理，请刷新页面查看最新状态。"
CHECKLIST_REQUIRED = "请先对照13类禁止发布信息逐项核查并勾选确认。"
COMMENT_REQUIRED = "退回修改时必须填写意见。"
UNKNOWN_ACTION = "未知的审批操作。"
RELEASE_INCOMPLETE = "审批链尚未完整通过，不能发布：{details}"
RELEASE_NOT_ADMIN = "只有网站管理员可以完成发布。"
CHAIN_NAME = "秀英党建网信息发布审批"
DECISION_OF_ACTION = {
    "approve": ApprovalStep.Decision.APPROVED,
    "reject": ApprovalStep.Decision.REJECTED,
}


class StepRefused(PermissionDenied):
    """An action on a step that the rules refuse; the message says why, in Chinese."""


class ReleaseRefused(PermissionDenied):
    pass


@transaction.atomic
def chain_setup() -> Workflow:
    """Create the chain's seven step tasks and its workflow, idempotently.

    Other workflows (Wagtail's default "Moderators approval") are deactivated: the chain is the
    only way through, and items use it whatever the tree assignments say.
    """
    workflow = selectors.chain_workflow() or Workflow.objects.create(name=CHAIN_NAME)
    for other in Workflow.objects.active().exclude(pk=workflow.pk):
        other.deactivate()
    for order, step in enumerate(rules.STEPS):
        task, _ = ChainStepTask.objects.get_or_create(
            step=step, defaults={"name": rules.STEP_LABELS[step]}
        )
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    return workflow


def sensitive_markers(verdict) -> str:
    """The distinct sensitive-marker terms of a screening verdict, as the form lists them."""
    terms = dict.fromkeys(hit.term for hit in verdict.hits if hit.kind is EntryKind.SENSITIVE)
    return "、".join(terms)[:255]


def form_for_run(workflow_state, user=None) -> ApprovalForm:
    """The approval form of this run, its snapshot refreshed from the latest draft. The search
    for near-duplicates reads every recent item, so it runs when the form is made and again only
    when the draft has a revision the last step did not see (issue 16)."""
    page = workflow_state.content_object
    article = selectors.latest_draft(page)
    column = article.column
    snapshot = {
        "article_id": article.pk,
        "article_page_id": article.pk,
        "drafter_id": article.drafter_id,
        "source_unit_id": article.source_unit_id,
        "column_owner_id": column.responsible_department_id,
        "article_title": article.title,
        "column_title": column.title,
        "column_owner_name": column.responsible_department.name,
        "source_unit_name": article.source_unit.name,
        "drafter_name": display_name(article.drafter),
        "liaison_name": article.liaison.name if article.liaison_id else "",
        "is_major_sensitive": article.is_major_sensitive,
        "screening_markers": sensitive_markers(article_screen_memo(article)),
    }
    form = ApprovalForm.objects.filter(workflow_state=workflow_state).first()
    seen = form and form.steps.order_by("-pk").values_list("revision_id", flat=True).first()
    if form is None or seen != page.latest_revision_id:
        snapshot["screening_duplicates"] = duplicates_note(article)[:500]
    form, created = ApprovalForm.objects.get_or_create(
        workflow_state=workflow_state, defaults={**snapshot, "submitted_by": user}
    )
    if not created:
        status = ApprovalForm.Status.IN_PROGRESS
        ApprovalForm.objects.filter(pk=form.pk).update(**snapshot, status=status)
    return form


def step_started(task: ChainStepTask, workflow_state, task_state, user=None) -> ApprovalStep:
    form = form_for_run(workflow_state, user)
    return ApprovalStep.objects.create(
        form=form,
        step=task.step,
        task_state_id=task_state.pk,
        revision_id=task_state.revision_id,
        started_at=task_state.started_at,
    )


def step_skip(task: ChainStepTask, workflow_state, reason: str, user=None) -> TaskState:
    """Record a step that does not apply: Wagtail's skipped state, our form line, an audit entry."""
    now = timezone.now()
    revision = workflow_state.content_object.get_latest_revision()
    task_state = task.get_task_state_class()(
        workflow_state=workflow_state,
        task=task,
        revision=revision,
        status=TaskState.STATUS_SKIPPED,
        finished_at=now,
        comment=reason,
    )
    task_state.save()
    ApprovalStep.objects.create(
        form=form_for_run(workflow_state, user),
        step=task.step,
        task_state_id=task_state.pk,
        revision_id=revision.pk,
        started_at=now,
        decided_at=now,
        decision=ApprovalStep.Decision.SKIPPED,
        skip_reason=reason,
    )
    log(
        instance=workflow_state.content_object.specific,
        action="xiuying.workflow.skip",
        user=user,
        revision=revision,
        data={"step": task.step, "title": rules.STEP_LABELS[task.step], "reason": reason},
    )
    return task_state


@transaction.atomic
def step_act(*, task_state, user, action, comment="", checklist_confirmed=False, **_):
    """Approve or reject a step: one transition even when two approvers click at once."""
    with selectors.action_scope():
        _step_act(task_state, user, action, comment, checklist_confirmed)


def _step_act(task_state, user, action, comment, checklist_confirmed):
    task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise StepRefused(STEP_ALREADY_DECIDED)
    workflow_state = WorkflowState.objects.select_for_update().get(pk=task_state.workflow_state_id)
    task = task_state.task.specific
    verdict = selectors.sign_verdict(task, workflow_state, user)
    if not verdict.allowed:
        raise StepRefused(verdict.reason)
    if action == "approve" and not checklist_confirmed:
        raise StepRefused(CHECKLIST_REQUIRED)
    if action == "approve":
        _refuse_blocked_content(workflow_state)
    if action == "reject" and not comment.strip():
        raise StepRefused(COMMENT_REQUIRED)
    if action not in ("approve", "reject"):
        raise StepRefused(UNKNOWN_ACTION)
    _claim_step(task_state, user, action, comment, checklist_confirmed)
    getattr(task_state, action)(user=user, comment=comment)


def _refuse_blocked_content(workflow_state):
    # Whatever path started the run (the editor calls workflow.start itself), no step approves
    # a draft that screening blocks: the item stays with its drafter until corrected.
    verdict = article_screen_memo(selectors.latest_draft(workflow_state.content_object))
    if verdict.blocks:
        raise StepRefused(verdict_refusal(verdict, APPROVAL_BLOCKED))


def _claim_step(task_state, user, action, comment, checklist_confirmed):
    # The conditional UPDATE is the portable guard: of two concurrent claims only one matches
    # the pending row (PostgreSQL also holds the row lock taken above).
    now = timezone.now()
    step = ApprovalStep.objects.get(task_state_id=task_state.pk)
    unit = user_unit(user)
    claimed = ApprovalStep.objects.filter(
        pk=step.pk, decision=ApprovalStep.Decision.PENDING
    ).update(
        decision=DECISION_OF_ACTION[action],
        decided_at=now,
        signer=user,
        signer_name=display_name(user),
        signer_unit_name=unit.name if unit else "",
        comment=comment,
        checklist_confirmed=checklist_confirmed,
        working_seconds=budgets.working_seconds_between(step.started_at, now),
    )
    if claimed != 1:
        raise StepRefused(STEP_ALREADY_DECIDED)


def step_cancelled(task_state) -> None:
    ApprovalStep.objects.filter(
        task_state_id=task_state.pk, decision=ApprovalStep.Decision.PENDING
    ).update(decision=ApprovalStep.Decision.CANCELLED, decided_at=timezone.now())


def form_set_status(workflow_state, status) -> None:
    ApprovalForm.objects.filter(workflow_state=workflow_state).update(
        status=status, completed_at=timezone.now()
    )


@transaction.atomic
def release_finish(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: check the whole chain, then publish (R-08).

    Wagtail's default publishes for whoever approved last; here the run must be complete and
    valid under the rules, and the last signer a site administrator holding no conflicting role
    who signed no other step of the item's chain in any run.
    """
    form = ApprovalForm.objects.select_for_update().get(workflow_state=workflow_state)
    page = workflow_state.content_object.specific
    revision = page.get_latest_revision()
    release_check(form, selectors.latest_draft(page), revision.pk)
    if not user_can_publish(user):
        raise ReleaseRefused(RELEASE_NOT_ADMIN)
    verdict = rules.may_release(user.pk, selectors.item_approvals(page.pk))
    if not verdict.allowed:
        raise ReleaseRefused(verdict.reason)
    form.status = ApprovalForm.Status.APPROVED
    form.approved_revision_id = revision.pk
    form.completed_at = timezone.now()
    form.save(update_fields=["status", "approved_revision_id", "completed_at"])
    PublishPageRevisionAction(revision, user=user).execute(skip_permission_checks=True)


def release_check(form, article, revision_id) -> None:
    signed = selectors.signatures(form, revision_id)
    signers = {u.pk: u for u in _users(s.signer_id for s in signed)}
    actors = {pk: selectors.actor_of(user) for pk, user in signers.items()}
    check = rules.check_run(selectors.item_facts(article), signed, actors)
    if not check.complete:
        missing = [rules.STEP_LABELS[step] for step in check.missing]
        details = "；".join([*(f"缺少{m}" for m in missing), *check.problems])
        logger.warning("Release refused for form %s: %s", form.pk, details)
        raise ReleaseRefused(RELEASE_INCOMPLETE.format(details=details))


def _users(ids):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=set(ids)).prefetch_related("groups")
