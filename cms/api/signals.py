"""Invalidating the API's cached responses when what the public sees changes: a release
(publish), an unpublish or takedown, a move or deletion, view restrictions set or lifted, the
site's root changed. Columns and the home page count too: the site tree and every listing
depend on them. And the worker finishing the search indexing of a live page (issue 18): the
indexing is queued when the page is saved and runs later, so a search answered in between and
cached would otherwise stay without the page until the cache expires."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.api.cache import api_cache_invalidate

# Wagtail's (modelsearch's) job that writes one object into the search index.
INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


def on_content_changed(sender, **kwargs):
    api_cache_invalidate()


def _live_page(app_label: str, model_name: str, pk: str) -> bool:
    model = apps.get_model(app_label, model_name)
    return issubclass(model, Page) and model.objects.filter(pk=pk, live=True).exists()


def on_task_finished(sender, task_result, **kwargs):
    """A live page indexed by the queue's worker: search answers may have changed."""
    if task_result.task.module_path != INDEX_TASK:
        return
    queued = isinstance(task_backends[task_result.backend], DatabaseBackend)
    succeeded = task_result.status == TaskResultStatus.SUCCESSFUL
    if queued and succeeded and _live_page(*task_result.args):
        api_cache_invalidate()


def connect():
    # Wagtail sends page signals with the specific class as sender: no sender filter for those.
    page_published.connect(on_content_changed, dispatch_uid="xiuying_api_published")
    page_unpublished.connect(on_content_changed, dispatch_uid="xiuying_api_unpublished")
    post_page_move.connect(on_content_changed, dispatch_uid="xiuying_api_moved")
    post_delete.connect(on_content_changed, sender=Page, dispatch_uid="xiuying_api_deleted")
    task_finished.connect(on_task_finished, dispatch_uid="xiuying_api_indexed")
    for model in (PageViewRestriction, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                on_content_changed,
                sender=model,
                dispatch_uid=f"xiuying_api_{model.__name__}_{signal is post_save}",
            )
