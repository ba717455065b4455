"""Django-side work of the load run, in the script's own process (the run's settings module):
items waiting for the approvers, and the checks of the approval records afterwards."""

from collections import Counter

ITEM_TITLE = "负载测试信息 {n:03d}：基层党组织开展主题党日活动"
DRAFTERS = ("town_liaison", "liaison", "org_liaison", "talent_liaison")


def waiting_items_create(count: int) -> int:
    """``count`` items by the demo liaisons, submitted and taken by the drafter and unit
    approver up to 一校, every fourth flagged 重大敏感 so the minister signs it too (R-07)."""
    from django.contrib.auth import get_user_model

    from cms.demo.chain import chain_walk
    from columns.models import ColumnPage
    from columns.permissions import user_can_write_in_column
    from columns.services import article_create
    from workflows import rules

    accounts = {user.username: user for user in get_user_model().objects.all()}
    columns = list(ColumnPage.objects.live().order_by("path"))
    for n in range(count):
        drafter = accounts[DRAFTERS[n % len(DRAFTERS)]]
        column = next(c for c in columns if user_can_write_in_column(drafter, c))
        article = article_create(
            user=drafter,
            column=column,
            title=ITEM_TITLE.format(n=n + 1),
            summary="负载测试生成的待审信息。",
            is_major_sensitive=n % 4 == 3,
        )
        chain_walk(article, accounts, stop_at=rules.PROOFREAD_1)
    return count


def image_count() -> int:
    from django.db import close_old_connections
    from wagtail.images import get_image_model

    close_old_connections()
    return get_image_model().objects.count()


def approvals_verify(successes: list) -> list[str]:
    """Problems found, none expected: every approval answered with success is recorded exactly
    once; no step of a run has two approvals; no run passed a step without signing or
    skipping it with a reason; Wagtail's task states agree."""
    from django.db import close_old_connections

    close_old_connections()
    return [*_each_success_once(successes), *_no_double_approval(), *_runs_in_order()]


def _each_success_once(successes: list) -> list[str]:
    from workflows.models import ApprovalStep

    rows = ApprovalStep.objects.filter(
        decision=ApprovalStep.Decision.APPROVED,
        task_state_id__in=[attempt.task_state_id for attempt in successes],
    ).values_list("task_state_id", "signer__username")
    recorded = Counter(rows)
    return [
        f"approval of task state {a.task_state_id} by {a.username} recorded "
        f"{recorded[(a.task_state_id, a.username)]} times"
        for a in successes
        if recorded[(a.task_state_id, a.username)] != 1
    ]


def _no_double_approval() -> list[str]:
    from django.db.models import Count

    from workflows.models import ApprovalStep

    doubled = (
        ApprovalStep.objects.filter(decision=ApprovalStep.Decision.APPROVED)
        .values("form_id", "step")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    return [
        f"form {row['form_id']}: step {row['step']} approved {row['n']} times" for row in doubled
    ]


def _runs_in_order() -> list[str]:
    from wagtail.models import TaskState

    from workflows import rules
    from workflows.models import ApprovalForm, ApprovalStep

    problems = []
    for form in ApprovalForm.objects.prefetch_related("steps"):
        steps = sorted(
            (s for s in form.steps.all() if s.decision != ApprovalStep.Decision.CANCELLED),
            key=lambda s: (rules.STEPS.index(s.step), s.started_at),
        )
        problems += _run_problems(form, steps)
    approved_ids = ApprovalStep.objects.filter(decision="approved").values("task_state_id")
    disagreeing = TaskState.objects.filter(pk__in=approved_ids).exclude(status="approved")
    problems += [
        f"task state {pk} is not approved in Wagtail"
        for pk in disagreeing.values_list("pk", flat=True)
    ]
    return problems


def _run_problems(form, steps) -> list[str]:
    from workflows import rules

    seen = [s.step for s in steps]
    expected = list(rules.STEPS[: len(seen)])
    problems = [f"form {form.pk}: steps {seen}, expected {expected}"] if seen != expected else []
    for earlier, later in zip(steps, steps[1:], strict=False):
        if earlier.decision not in ("approved", "skipped"):
            problems.append(f"form {form.pk}: {later.step} started before {earlier.step} passed")
    problems += [
        f"form {form.pk}: {s.step} skipped without a reason"
        for s in steps
        if s.decision == "skipped" and not s.skip_reason
    ]
    return problems
