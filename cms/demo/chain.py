"""Walks demo items through the approval chain (R-04..R-09) with the demo accounts, as reviewers
would in the admin: each step is signed by a demo account that the chain's own rules accept."""

from cms.core.selectors import user_roles, user_unit_id
from workflows import rules
from workflows.services import StepRefused, step_act
from workflows.submission import article_submit

NOBODY_MAY_SIGN = "演示账号中没有人可以办理《{title}》的“{step}”环节。"
APPROVAL_COMMENT = "同意。"


def _candidates(step: str, article, accounts: dict) -> list:
    """Accounts holding the step's role, those of the item's units first (the likely signers of
    unit approval and leader sign-off), so that few are refused."""
    if step == rules.DRAFTER_REVIEW:
        return [article.drafter]
    units = {article.source_unit_id, article.column.responsible_department_id}
    holders = [user for user in accounts.values() if rules.STEP_ROLES[step] in user_roles(user)]
    return sorted(holders, key=lambda user: user_unit_id(user) not in units)


def _approve(task_state, article, accounts: dict) -> None:
    """Approve as the first candidate the chain accepts: ``step_act`` asks the rules and refuses
    before writing anything."""
    step = task_state.task.specific.step
    for user in _candidates(step, article, accounts):
        try:
            step_act(
                task_state=task_state,
                user=user,
                action="approve",
                comment=APPROVAL_COMMENT,
                checklist_confirmed=True,
            )
        except StepRefused:
            continue
        return
    raise LookupError(NOBODY_MAY_SIGN.format(title=article.title, step=rules.STEP_LABELS[step]))


def _state_before(article, limit: int):
    """The step ``article`` waits at, if it comes before step number ``limit``."""
    article.refresh_from_db()
    state = article.current_workflow_task_state
    if state and rules.STEPS.index(state.task.specific.step) < limit:
        return state
    return None


def chain_walk(article, accounts: dict, *, stop_at: str | None = None) -> None:
    """Submit ``article`` as its drafter, then approve step after step until it waits at
    ``stop_at`` (or a later step, when that one does not apply to it); with ``stop_at`` None,
    through the site administrator's release, which publishes it (R-08)."""
    article_submit(user=article.drafter, article=article)
    limit = rules.STEPS.index(stop_at) if stop_at else len(rules.STEPS)
    while state := _state_before(article, limit):
        _approve(state, article, accounts)
