"""What ``ChainStepTask``'s hook methods do, over ``workflows.rules`` (kept out of the model)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Task

from cms.core.selectors import user_roles
from cms.screening.services import article_screen_memo
from workflows import queue, rules, selectors, services

ACTIONS = [
    ("reject", _("退回修改"), True),
    ("approve", _("同意"), True),
]
REJECT_ONLY = ACTIONS[:1]


def start(task, workflow_state, user=None):
    # After an edit (a new revision) Wagtail resumes at the step that rejected; the rules say the
    # whole chain starts again, so start the earliest step not yet passed on this revision.
    earliest = workflow_state.get_next_task()
    if earliest is not None and earliest.pk != task.pk:
        return earliest.specific.start(workflow_state, user=user)
    item = selectors.item_facts(selectors.latest_draft(workflow_state.content_object))
    reason = rules.skip_reason(task.step, item)
    if reason:
        return services.step_skip(task, workflow_state, reason, user=user)
    task_state = Task.start(task, workflow_state, user=user)
    services.step_started(task, workflow_state, task_state, user=user)
    return task_state


def actions(task, obj, user):
    workflow_state = obj.current_workflow_state
    # Without the step's role nothing can be signed: listings that ask for every row (site
    # history, page usage) are spared the verdict's queries.
    if workflow_state is None or not rules.may_hold_step(task.step, user_roles(user)):
        return []
    if not selectors.sign_verdict(task, workflow_state, user).allowed:
        return []
    # A draft that screening blocks can only go back to its drafter; the editor says why.
    draft = selectors.latest_draft(workflow_state.content_object)
    return REJECT_ONLY if article_screen_memo(draft).blocks else ACTIONS


def may_view(task, obj, user):
    """Whoever may act on the step, or signed an earlier one of this run, opens the editor; the
    item is locked to all but the drafter and the current step's signers."""
    return bool(actions(task, obj, user)) or queue.user_signed_in_run(obj, user)


def may_edit_during_review(task, obj, user):
    return getattr(obj, "drafter_id", None) == user.pk or bool(actions(task, obj, user))
