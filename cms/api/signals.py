"""Invalidating the API's cached responses when what the public sees changes: a release
(publish), an unpublish or takedown, a move or deletion, view restrictions set or lifted, the
site's root changed. Columns and the home page count too: the site tree and every listing
depend on them."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.api.cache import api_cache_invalidate


def on_content_changed(sender, **kwargs):
    api_cache_invalidate()


def connect():
    # Wagtail sends page signals with the specific class as sender: no sender filter for those.
    page_published.connect(on_content_changed, dispatch_uid="xiuying_api_published")
    page_unpublished.connect(on_content_changed, dispatch_uid="xiuying_api_unpublished")
    post_page_move.connect(on_content_changed, dispatch_uid="xiuying_api_moved")
    post_delete.connect(on_content_changed, sender=Page, dispatch_uid="xiuying_api_deleted")
    for model in (PageViewRestriction, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                on_content_changed,
                sender=model,
                dispatch_uid=f"xiuying_api_{model.__name__}_{signal is post_save}",
            )
