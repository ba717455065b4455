"""Invalidating the API's cached responses when what the public sees changes: a release
(publish), an unpublish or takedown, a move or deletion, view restrictions set or lifted, the
site's root changed. Columns and the home page count too: the site tree and every listing
depend on them. And the worker finishing the search indexing of a live page (issue 18): the
indexing is queued when the page is saved and runs later, so a search answered in between and
cached would otherwise stay without the page until the cache expires. And an image or document
changed or deleted: a cached page or answer would point at its old file or rendition (Wagtail
deletes the renditions of a replaced image) until the cache expires."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.api.cache import api_cache_invalidate
from cms.ops.signals import database_restored

# Wagtail's (modelsearch's) job that writes one object into the search index.
INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"
# What Wagtail fills in on first read of a file it already had: the file is the same.
FILE_METADATA = frozenset({"file_size", "file_hash"})


def on_content_changed(sender, **kwargs):
    api_cache_invalidate()


def on_media_changed(sender, created=False, raw=False, update_fields=None, **kwargs):
    """An image or document edited, replaced or deleted, or a rendition deleted (Wagtail deletes
    an image's renditions after saving its new file). A new file is used by nothing yet."""
    if created or raw or (update_fields and FILE_METADATA.issuperset(update_fields)):
        return
    # After the commit: a page drawn in between would show the old file under the new generation.
    transaction.on_commit(api_cache_invalidate)


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


def on_database_restored(sender, **kwargs):
    api_cache_invalidate()


def connect():
    # Wagtail sends page signals with the specific class as sender: no sender filter for those.
    page_published.connect(on_content_changed, dispatch_uid="xiuying_api_published")
    page_unpublished.connect(on_content_changed, dispatch_uid="xiuying_api_unpublished")
    post_page_move.connect(on_content_changed, dispatch_uid="xiuying_api_moved")
    post_delete.connect(on_content_changed, sender=Page, dispatch_uid="xiuying_api_deleted")
    task_finished.connect(on_task_finished, dispatch_uid="xiuying_api_indexed")
    database_restored.connect(on_database_restored, dispatch_uid="xiuying_api_restored")
    _on_save_and_delete(on_media_changed, get_image_model(), get_document_model())
    # Renditions are made while pages are drawn: only their deletion changes anything.
    rendition = get_image_model().get_rendition_model()
    post_delete.connect(on_media_changed, sender=rendition, dispatch_uid="xiuying_api_rendition")
    _on_save_and_delete(on_content_changed, PageViewRestriction, Site)


def _on_save_and_delete(receiver, *models):
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"xiuying_api_{model.__name__}_{signal is post_save}",
            )
