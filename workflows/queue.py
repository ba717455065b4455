"""Reads for the review queue and the overdue steps (R-19, R-20).

``items_awaiting`` is the "待我审批" queue; ``overdue_steps`` feeds the overdue report and the
reminders; ``holders_of`` says who may act on a step by asking ``rules.may_sign`` about the
holders of the step's role, loaded once for all the steps.
"""

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from cms.core.conf import get_setting
from cms.core.models import UnitKind
from cms.core.names import display_name
from cms.core.roles import RECORD_READERS
from cms.core.selectors import user_roles
from workflows import budgets, rules, selectors
from workflows.models import ApprovalForm, ApprovalStep, ChainStepTask

HOUR = 3600


@dataclass(frozen=True)
class QueueItem:
    """A pending step of an item as the queue, the report and the reminders show it."""

    step_pk: int | None
    page_id: int
    title: str
    column: str
    source_unit: str
    drafter: str
    step: str
    started_at: datetime
    working_seconds: int
    budget_seconds: int
    holders: tuple = ()

    @property
    def step_label(self) -> str:
        return rules.STEP_LABELS[self.step]

    @property
    def overdue(self) -> bool:
        return self.working_seconds > self.budget_seconds

    @property
    def overdue_hours(self) -> int:
        """Whole working hours past the budget, rounded up (never "已超时 0 小时")."""
        return math.ceil(max(0, self.working_seconds - self.budget_seconds) / HOUR)

    @property
    def elapsed_hours(self) -> float:
        return round(self.working_seconds / HOUR, 1)

    @property
    def budget_hours(self) -> float:
        return round(self.budget_seconds / HOUR, 1)

    @property
    def holder_names(self) -> str:
        return "、".join(display_name(user) for user in self.holders)

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page_id])


@dataclass(frozen=True)
class StepStats:
    step: str
    count: int
    average_hours: float
    max_hours: float

    @property
    def step_label(self) -> str:
        return rules.STEP_LABELS[self.step]


def may_view_timeliness(*, roles: frozenset[str], is_superuser: bool) -> bool:
    return is_superuser or bool(roles & RECORD_READERS)


def user_may_view_timeliness(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return may_view_timeliness(roles=user_roles(user), is_superuser=user.is_superuser)


def _steps_of(task_states: QuerySet) -> QuerySet:
    return (
        ApprovalStep.objects.filter(
            decision=ApprovalStep.Decision.PENDING, task_state_id__in=task_states.values("pk")
        )
        .select_related("form", "form__source_unit", "form__drafter")
        .order_by("started_at", "pk")
    )


def pending_steps() -> QuerySet:
    """Steps waiting for someone, oldest first: pending lines of in-progress task states."""
    return _steps_of(TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS))


def decided_steps() -> QuerySet:
    decided = (ApprovalStep.Decision.APPROVED, ApprovalStep.Decision.REJECTED)
    return ApprovalStep.objects.filter(decision__in=decided)


def queue_item(step: ApprovalStep, now: datetime, holders=()) -> QueueItem:
    form = step.form
    return QueueItem(
        step_pk=step.pk,
        page_id=form.article_page_id,
        title=form.article_title,
        column=form.column_title,
        source_unit=form.source_unit_name,
        drafter=form.drafter_name,
        step=step.step,
        started_at=step.started_at,
        working_seconds=budgets.working_seconds_between(step.started_at, now),
        budget_seconds=budgets.step_budget_seconds(step.step),
        holders=tuple(holders),
    )


def items_awaiting(user, *, now: datetime | None = None) -> list[QueueItem]:
    """The in-progress steps ``user`` may act on, oldest first, in a fixed number of queries."""
    now = now or timezone.now()
    tasks = ChainStepTask.objects.filter(active=True)
    states = reduce(
        or_,
        (selectors.task_states_user_may_sign(user, task) for task in tasks),
        TaskState.objects.none(),
    )
    return [queue_item(step, now) for step in _steps_of(states)]


def overdue_steps(steps: QuerySet | None = None, *, now: datetime | None = None):
    """Pending steps past their budget, oldest first, each with the accounts that may act."""
    now = now or timezone.now()
    steps = pending_steps() if steps is None else steps
    # Working time never exceeds wall time: steps younger than the smallest budget can't be late.
    shortest = min(budgets.step_budget_seconds(step) for step in rules.STEPS)
    late = []
    for step in steps.filter(started_at__lte=now - timedelta(seconds=shortest)):
        item = queue_item(step, now)
        if item.overdue:
            late.append((step, item))
    holders = holders_of([step for step, _ in late])
    return [replace(item, holders=who) for (_, item), who in zip(late, holders, strict=True)]


def holders_of(steps) -> list[tuple]:
    """For each pending step (an ``ApprovalStep``, saved or not), the active accounts the rules
    allow to act on it: role holders loaded in one go, then ``rules.may_sign`` per candidate."""
    roles = {rules.STEP_ROLES[s.step] for s in steps if s.step in rules.STEP_ROLES}
    pool = _role_holders(roles)
    signed = _run_signatures({s.form_id for s in steps})
    return [_holders(step, pool, signed) for step in steps]


def _holders(step, pool, signed) -> tuple:
    item = _item_facts(step.form)
    signatures = signed.get((step.form_id, step.revision_id), ())
    if step.step == rules.DRAFTER_REVIEW:
        candidates = _drafter_candidate(step.form)
    else:
        candidates = pool.get(rules.STEP_ROLES[step.step], ())
    return tuple(
        user
        for user, actor in candidates
        if rules.may_sign(step.step, actor, item, signatures).allowed
    )


def _item_facts(form: ApprovalForm) -> rules.Item:
    return rules.Item(
        drafter_id=form.drafter_id,
        source_unit_id=form.source_unit_id,
        source_unit_is_department=bool(form.source_unit_id)
        and form.source_unit.kind == UnitKind.SECTION,
        column_owner_unit_id=form.column_owner_id,
        is_major_sensitive=form.is_major_sensitive,
    )


def _drafter_candidate(form: ApprovalForm):
    drafter = form.drafter
    if drafter is None or not drafter.is_active:
        return ()
    return ((drafter, rules.Actor(user_id=drafter.pk, roles=frozenset(), unit_id=None)),)


def _role_holders(roles: set[str]) -> dict[str, list]:
    """Active accounts holding any of ``roles``, as (user, actor) pairs by role: two queries."""
    code_by_name = {name: code for code, name in get_setting("ROLE_NAMES").items()}
    names = [get_setting("ROLE_NAMES")[role] for role in roles]
    if not names:
        return {}
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=names)
        .distinct()
        .select_related("xiuying_profile")
        .prefetch_related("groups")
        .order_by("username")
    )
    pool: dict[str, list] = {role: [] for role in roles}
    for user in users:
        held = frozenset(code_by_name[g.name] for g in user.groups.all() if g.name in code_by_name)
        profile = getattr(user, "xiuying_profile", None)
        actor = rules.Actor(user_id=user.pk, roles=held, unit_id=profile and profile.unit_id)
        for role in held & roles:
            pool[role].append((user, actor))
    return pool


def _run_signatures(form_ids: set[int]) -> dict[tuple[int, int], tuple]:
    """Approvals of these runs, keyed by (form, revision): later edits make earlier ones lapse."""
    rows = ApprovalStep.objects.filter(
        form_id__in=form_ids, decision=ApprovalStep.Decision.APPROVED
    ).values_list("form_id", "revision_id", "step", "signer_id")
    signed: dict[tuple[int, int], tuple] = {}
    for form_id, revision_id, step, signer_id in rows:
        signature = rules.Signature(step=step, signer_id=signer_id)
        signed[(form_id, revision_id)] = (*signed.get((form_id, revision_id), ()), signature)
    return signed


def step_duration_stats(steps: QuerySet) -> list[StepStats]:
    """Count, average and longest working time of decided steps, per step in chain order (R-19)."""
    rows = (
        steps.filter(working_seconds__isnull=False)
        .values("step")
        .annotate(n=Count("pk"), average=Avg("working_seconds"), longest=Max("working_seconds"))
        .order_by()
    )
    by_step = {row["step"]: row for row in rows}
    return [
        StepStats(
            step=step,
            count=by_step[step]["n"],
            average_hours=round(by_step[step]["average"] / HOUR, 1),
            max_hours=round(by_step[step]["longest"] / HOUR, 1),
        )
        for step in rules.STEPS
        if step in by_step
    ]


def user_signed_in_run(page, user) -> bool:
    """Has ``user`` approved a step of the item's current run? (They may follow it, read-only.)"""
    workflow_state = page.current_workflow_state
    return workflow_state is not None and (
        ApprovalStep.objects.filter(
            form__workflow_state=workflow_state,
            signer_id=user.pk,
            decision=ApprovalStep.Decision.APPROVED,
        ).exists()
    )


def current_refusal(page, user):
    """(step, reason, form) when the item's current chain step is one ``user`` may not act on."""
    workflow_state = page.current_workflow_state
    task_state = workflow_state.current_task_state if workflow_state else None
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    task = task_state.task.specific
    if not isinstance(task, ChainStepTask):
        return None
    verdict = selectors.sign_verdict(task, workflow_state, user)
    if verdict.allowed:
        return None
    form = ApprovalForm.objects.filter(workflow_state=workflow_state).first()
    return task.step, verdict.reason, form
