"""Two approvers acting on the same step at the same moment produce one transition."""

import threading

import pytest
from django.db import connection, connections

from tests.workflows.chain import draft, submit
from workflows.models import ApprovalStep
from workflows.services import StepRefused, step_act

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_proofreaders_clicking_at_once_make_one_transition(chain):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; this run uses SQLite")
    article = submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
    from tests.workflows.chain import act

    act(article, chain.dept_liaison)
    state = article.current_workflow_task_state
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            barrier.wait()
            step_act(task_state=state, user=user, action="approve", checklist_confirmed=True)
            outcomes.append("approved")
        except StepRefused as refused:
            outcomes.append(str(refused))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(u,))
        for u in (chain.proofreader1, chain.proofreader2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["approved", "该环节已由他人办理，请刷新页面查看最新状态。"]
    assert ApprovalStep.objects.filter(step="proofread_1", decision="approved").count() == 1
    assert ApprovalStep.objects.filter(step="proofread_2", decision="pending").count() == 1
