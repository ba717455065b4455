"""Helpers that walk items through the approval chain the way the services do."""

from dataclasses import dataclass

from wagtail.models import TaskState

from columns.services import article_create
from workflows.services import step_act
from workflows.submission import article_submit


@dataclass
class ChainPeople:
    column: object
    dept_liaison: object
    town_liaison: object
    proofreader1: object
    proofreader2: object
    unit_approver: object
    dept_leader: object
    minister: object
    site_admin: object


def draft(people, drafter, title="党建工作动态", **fields):
    return article_create(user=drafter, column=people.column, title=title, **fields)


def current_state(article):
    article.refresh_from_db()
    return article.current_workflow_task_state


def act(article, user, action="approve", comment="", checklist=True):
    state = current_state(article)
    step_act(
        task_state=state, user=user, action=action, comment=comment, checklist_confirmed=checklist
    )
    article.refresh_from_db()
    return article


def submit(article, user):
    article_submit(user=user, article=article)
    article.refresh_from_db()
    return article


def current_step(article):
    state = current_state(article)
    return state.task.specific.step if state else None


def step_statuses(article):
    states = TaskState.objects.filter(workflow_state__object_id=str(article.pk))
    return [(s.task.specific.step, s.status) for s in states.order_by("started_at", "pk")]


def released(people, title="党建工作动态", **fields):
    """A town item released through the whole chain by the people who may sign each step."""
    article = submit(draft(people, people.town_liaison, title=title, **fields), people.town_liaison)
    for user in (
        people.town_liaison,
        people.unit_approver,
        people.proofreader1,
        people.proofreader2,
        people.site_admin,
    ):
        act(article, user)
    return article
