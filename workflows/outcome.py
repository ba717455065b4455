"""What an approver is told after acting on a step in the editor (issue 17, R-23): the item,
the step they took and what happens next, instead of Wagtail's "页面……已被更新"."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect

from workflows import rules
from workflows.models import ApprovalForm, ApprovalStep

APPROVED = "已同意（{step}）：“{title}”。下一步：{next}。"
REJECTED = "已退回修改（{step}）：“{title}”已退回拟稿人{drafter}修改，修改后重新提交审核。"
RELEASED = "已发布（{step}）：“{title}”已在“{column}”栏目上线，并记入信息发布日志。"
RESTARTED = (
    "已保存修改并同意（{step}）：“{title}”的修改保存为新版本，"
    "退回拟稿人{drafter}，从拟稿人审核重新审批。"
)
NEXT_STEP = "{step}，由{who}办理"
WHO = {
    rules.DRAFTER_REVIEW: "拟稿人{drafter}",
    rules.UNIT_APPROVAL: "{source_unit}的单位审核人",
    rules.PROOFREAD_1: "校对员",
    rules.PROOFREAD_2: "另一位校对员",
    rules.LEADER_SIGNOFF: "{column_owner}的分管部领导",
    rules.MINISTER_SIGNOFF: "组织部长",
    rules.RELEASE: "网站管理员",
}


@dataclass(frozen=True)
class Outcome:
    """One action taken and where the run stands after it."""

    step: str
    decision: str
    title: str
    column: str
    drafter: str
    source_unit: str
    column_owner: str
    next_step: str | None
    restarted: bool
    released: bool


def outcome_text(outcome: Outcome) -> str:
    """The confirmation for ``outcome``, in the words of the chain."""
    fields = {
        "step": rules.STEP_LABELS[outcome.step],
        "title": outcome.title,
        "column": outcome.column,
        "drafter": outcome.drafter,
    }
    if outcome.decision == ApprovalStep.Decision.REJECTED:
        return REJECTED.format(**fields)
    if outcome.released:
        return RELEASED.format(**fields)
    if outcome.restarted:
        return RESTARTED.format(**fields)
    return APPROVED.format(**fields, next=_next_text(outcome))


def _next_text(outcome: Outcome) -> str:
    if outcome.next_step is None:
        return "审批已完成"
    who = WHO[outcome.next_step].format(
        drafter=outcome.drafter,
        source_unit=outcome.source_unit,
        column_owner=outcome.column_owner,
    )
    return NEXT_STEP.format(step=rules.STEP_LABELS[outcome.next_step], who=who)


def last_outcome(page, user) -> Outcome | None:
    """The step ``user`` decided last on ``page`` and the state of the run after it."""
    signed = (
        ApprovalStep.objects.filter(form__article_page_id=page.pk, signer=user)
        .exclude(decided_at=None)
        .select_related("form")
        .order_by("-decided_at", "-pk")
        .first()
    )
    if signed is None:
        return None
    form = signed.form
    pending = form.steps.filter(decision=ApprovalStep.Decision.PENDING).order_by("-pk").first()
    return Outcome(
        step=signed.step,
        decision=signed.decision,
        title=form.article_title,
        column=form.column_title,
        drafter=form.drafter_name,
        source_unit=form.source_unit_name,
        column_owner=form.column_owner_name,
        next_step=pending.step if pending else None,
        restarted=pending is not None and pending.revision_id != signed.revision_id,
        released=signed.step == rules.RELEASE and form.status == ApprovalForm.Status.APPROVED,
    )


def back_to_queue_after_acting(request, page):
    """``after_edit_page``: after a step taken in the editor, the approver reads what was done
    and what comes next, on their "待我审批" queue. Wagtail would send them to the item's column
    in the explorer, which approvers who write nowhere may not open ("你没有权限访问")."""
    if "action-workflow-action" not in request.POST:
        return None
    outcome = last_outcome(page, request.user)
    if outcome is not None:
        # Iterating marks the request's pending messages as read: Wagtail's "页面……已被更新"
        # is replaced, not shown beside ours.
        for _ in messages.get_messages(request):
            pass
        messages.success(request, outcome_text(outcome))
    return redirect("wagtailadmin_home")
