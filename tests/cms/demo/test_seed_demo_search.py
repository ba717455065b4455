"""The demo seed leaves a searchable site (issue 11): run as the README says, with jobs queued in
the database as in production (no worker running, no TASKS_BACKEND=immediate), the API's search
finds the demo items at once, without `update_index`. SQLite and PostgreSQL alike."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from columns.models import ArticlePage

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_seeded_demo_is_searchable_without_a_worker(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with override_settings(TASKS=DATABASE_QUEUE):
        call_command("seed_demo", force=True, stdout=io.StringIO(), verbosity=0)

    found = client.get("/api/v1/search", {"q": "党建"}).json()

    titles = ArticlePage.objects.live().filter(title__contains="党建").values_list("title")
    assert titles.count() > 0
    assert found["count"] >= titles.count()
    assert {item["title"] for item in found["items"]} >= {title for (title,) in titles[:5]}
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
