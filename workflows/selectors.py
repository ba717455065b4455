"""Reads of the approval chain: item facts, signatures, who may sign what."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Exists, OuterRef
from wagtail.models import Revision, TaskState, Workflow

from cms.core.models import UnitKind
from cms.core.selectors import user_roles, user_unit_id
from cms.screening.services import article_screen_memo
from workflows import rules
from workflows.models import ApprovalForm, ApprovalStep, ChainStepTask


def chain_workflow() -> Workflow | None:
    """The workflow made of the chain's step tasks (``setup_roles`` creates it)."""
    return (
        Workflow.objects.filter(active=True, workflow_tasks__task__chainsteptask__isnull=False)
        .distinct()
        .first()
    )


_drafts: ContextVar[dict | None] = ContextVar("xiuying_latest_drafts", default=None)


@contextmanager
def action_scope():
    """Within one chain action, each revision is deserialised once, however many steps read it."""
    token = _drafts.set({})
    try:
        yield
    finally:
        _drafts.reset(token)


def latest_draft(page):
    """The item as its latest revision has it (the flag of R-07 is read from here)."""
    cache = _drafts.get()
    key = (page.pk, page.latest_revision_id)
    if cache is not None and key in cache:
        return cache[key]
    draft = page.specific.get_latest_revision_as_object()
    if cache is not None:
        cache[key] = draft
    return draft


def item_facts(article) -> rules.Item:
    column = article.column
    return rules.Item(
        drafter_id=article.drafter_id,
        source_unit_id=article.source_unit_id,
        source_unit_is_department=article.source_unit.kind == UnitKind.SECTION,
        column_owner_unit_id=column.responsible_department_id,
        is_major_sensitive=article.is_major_sensitive,
        # A sensitive marker found by screening raises the item to the minister.
        screening_escalated=article_screen_memo(article).needs_minister,
    )


def actor_of(user) -> rules.Actor:
    return rules.Actor(user_id=user.pk, roles=user_roles(user), unit_id=user_unit_id(user))


def signatures(form: ApprovalForm, revision_id: int) -> tuple[rules.Signature, ...]:
    """The steps approved in this run on ``revision_id``: earlier revisions' approvals lapse."""
    rows = form.steps.filter(
        decision=ApprovalStep.Decision.APPROVED, revision_id=revision_id
    ).values_list("step", "signer_id")
    return tuple(rules.Signature(step=step, signer_id=signer) for step, signer in rows)


def item_approvals(article_page_id: int) -> tuple[rules.Signature, ...]:
    """Every step approved on any run of the chain for this item, whatever the revision."""
    rows = ApprovalStep.objects.filter(
        form__article_page_id=article_page_id, decision=ApprovalStep.Decision.APPROVED
    ).values_list("step", "signer_id")
    return tuple(rules.Signature(step=step, signer_id=signer) for step, signer in rows)


def sign_verdict(task: ChainStepTask, workflow_state, user) -> rules.Verdict:
    """May ``user`` act on ``task`` in ``workflow_state`` now? With the reason when not."""
    article = latest_draft(workflow_state.content_object)
    revision_id = workflow_state.content_object.latest_revision_id
    form = ApprovalForm.objects.filter(workflow_state=workflow_state).first()
    signed = signatures(form, revision_id) if form else ()
    return rules.may_sign(task.step, actor_of(user), item_facts(article), signed)


def revision_is_released(revision_id: int | None) -> bool:
    """Has the whole chain approved exactly this revision? (the publishing gate, R-08)"""
    return (
        bool(revision_id)
        and ApprovalForm.objects.filter(
            approved_revision_id=revision_id, status=ApprovalForm.Status.APPROVED
        ).exists()
    )


def task_states_user_may_sign(user, task: ChainStepTask):
    """In-progress task states of ``task`` that ``user`` may act on (for the review queues):
    the same rules as ``rules.may_sign``, as one query."""
    states = TaskState.objects.filter(task=task, status=TaskState.STATUS_IN_PROGRESS)
    form = "workflow_state__approval_form__"
    if task.step == rules.DRAFTER_REVIEW:
        return states.filter(**{f"{form}drafter": user})
    if rules.STEP_ROLES[task.step] not in user_roles(user):
        return TaskState.objects.none()
    signed_elsewhere = ApprovalStep.objects.filter(
        form__workflow_state=OuterRef("workflow_state"),
        revision_id=OuterRef("revision_id"),
        signer=user,
        decision=ApprovalStep.Decision.APPROVED,
    ).exclude(step=task.step)
    states = states.exclude(**{f"{form}drafter": user}).exclude(Exists(signed_elsewhere))
    unit_field = {rules.UNIT_APPROVAL: "source_unit", rules.LEADER_SIGNOFF: "column_owner"}
    if task.step in unit_field:
        states = states.filter(**{f"{form}{unit_field[task.step]}_id": user_unit_id(user)})
    return states


def revision_content(revision_id: int) -> dict | None:
    return Revision.objects.filter(pk=revision_id).values_list("content", flat=True).first()
