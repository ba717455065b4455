"""The footer settings are drawn on every cached public page: changing them starts a new
content generation, as a release does (cms/api/signals.py)."""

from django.db.models.signals import post_save

from cms.api.cache import api_cache_invalidate
from home.models import SiteFooter


def on_footer_saved(sender, created=False, **kwargs):
    # Wagtail creates the empty row on first read (for_site's get_or_create): nothing changed.
    if not created:
        api_cache_invalidate()


def connect():
    post_save.connect(on_footer_saved, sender=SiteFooter, dispatch_uid="xiuying_web_footer")
