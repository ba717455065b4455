"""Report files built by the background worker (R-25; issue 8): asked for in the admin, built by
the job (at once under the test settings), listed and downloaded by the people who read the
assessment, and by nobody else."""

import shutil

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from liaisons.tasks import assessment_report_task

pytestmark = pytest.mark.django_db
LIST = "xiuying_report_files"


@pytest.fixture(autouse=True)
def empty_reports_storage():
    shutil.rmtree(storages["reports"].location, ignore_errors=True)
    yield
    shutil.rmtree(storages["reports"].location, ignore_errors=True)


def ask(client, django_capture_on_commit_callbacks, **fields):
    data = {"kind": "liaisons", "fmt": "csv", "year": 2026, **fields}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse(LIST), data)
    return response, callbacks


def test_the_site_administrator_has_a_report_built_and_downloads_it(
    client, site_admin, home, django_capture_on_commit_callbacks
):
    client.force_login(site_admin)
    response, callbacks = ask(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert len(callbacks) == 1  # queued after the request's transaction, built by the job

    listing = client.get(reverse(LIST)).content.decode()
    (name,) = storages["reports"].listdir("")[1]
    assert name.startswith("liaisons-2026-") and name.endswith(".csv")
    assert name in listing

    download = client.get(reverse("xiuying_report_file_download", args=[name]))
    content = b"".join(download.streaming_content)
    assert download["Content-Disposition"].startswith("attachment")
    assert content.startswith("\ufeff".encode()) and "信息联络员".encode() in content


@pytest.mark.parametrize("role", ["minister", "site_specialist"])
def test_the_other_readers_of_the_assessment_list_the_files(client, make_user, section, role):
    client.force_login(make_user(f"reader_{role}", role, unit=section))
    assert client.get(reverse(LIST)).status_code == 200


def test_a_liaison_may_neither_ask_nor_download(
    client, town_liaison, home, django_capture_on_commit_callbacks
):
    assessment_report_task.enqueue("freshness", "csv", 2026)
    (name,) = storages["reports"].listdir("")[1]
    client.force_login(town_liaison)

    # Wagtail's admin turns the refusal into a return to the dashboard with its message.
    response, callbacks = ask(client, django_capture_on_commit_callbacks)
    assert (response.status_code, response.url) == (302, "/admin/") and not callbacks
    assert client.get(reverse(LIST)).url == "/admin/"
    download = client.get(reverse("xiuying_report_file_download", args=[name]))
    assert (download.status_code, download.url) == (302, "/admin/")


def test_only_listed_files_are_served(client, site_admin, home):
    assessment_report_task.enqueue("freshness", "csv", 2026)
    client.force_login(site_admin)
    for name in ["missing.csv", "..\\secret.csv", "..", "."]:
        assert client.get(reverse(LIST) + name).status_code == 404
    assert client.get(reverse(LIST) + "..%2F..%2Fmanage.py").status_code != 200


def test_a_quarter_and_a_month_together_are_refused_with_nothing_queued(
    client, site_admin, home, django_capture_on_commit_callbacks
):
    client.force_login(site_admin)
    response, callbacks = ask(
        client, django_capture_on_commit_callbacks, kind="columns", quarter=1, month=2
    )
    assert response.status_code == 200 and not callbacks
    assert "季度和月份只能选一个。" in response.content.decode()
