"""What used to run inside requests is queued as a background job: the chain's mails (after the
transaction commits), rescreening, media rescans, assessment reports, and Wagtail's own search
indexing. Under test settings the jobs run at once."""

from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus
from wagtail.models import TaskState

from cms.security.rescan import media_rescan_task
from liaisons.tasks import assessment_report_task
from tests.workflows.chain import draft, submit
from workflows import notifications

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queued():
    """Jobs are recorded, not run, so a test can see what was queued and when."""
    with override_settings(TASKS=DUMMY):
        default_task_backend.clear()
        yield default_task_backend


def queued_names(backend) -> list[str]:
    return [result.task.name for result in backend.results]


def test_a_submission_queues_its_mail_only_when_the_transaction_commits(
    chain, queued, mailoutbox, django_capture_on_commit_callbacks
):
    notifications.connect()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(draft(chain, chain.dept_liaison), chain.dept_liaison)
        assert "notify_step_started_task" not in queued_names(queued)

    for callback in callbacks:
        callback()

    assert "notify_step_started_task" in queued_names(queued)
    assert mailoutbox == []  # sent by the worker, not by the request
    state_id = next(r for r in queued.results if r.task.name == "notify_step_started_task").args[0]
    assert TaskState.objects.filter(pk=state_id).exists()


def test_queued_mail_is_sent_when_the_job_runs(
    chain, mailoutbox, django_capture_on_commit_callbacks
):
    notifications.connect()
    with django_capture_on_commit_callbacks(execute=True):
        submit(draft(chain, chain.dept_liaison), chain.dept_liaison)

    assert [mail.to for mail in mailoutbox] == [[chain.dept_liaison.email]]


def test_saving_a_page_queues_its_search_indexing(home, queued):
    home.title = "秀英党建网首页"
    home.save_revision().publish()

    assert "insert_or_update_object_task" in queued_names(queued)


def test_media_rescan_runs_as_a_job():
    result = media_rescan_task.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"total": 0, "infected": 0, "missing": 0}


def test_rescan_media_enqueue_option_queues_the_job(queued):
    call_command("rescan_media", "--enqueue", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert queued_names(queued) == ["media_rescan_task"]


def test_an_assessment_report_is_built_by_a_job_into_the_private_reports_storage(home, settings):
    result = assessment_report_task.enqueue("freshness", "csv", 2026)

    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    name = result.return_value["name"]
    with storages["reports"].open(name) as handle:
        data = handle.read()
    assert len(data) == result.return_value["size"]
    assert "栏目".encode() in data
    assert not Path(storages["reports"].location).is_relative_to(settings.MEDIA_ROOT)
    storages["reports"].delete(name)
