"""``/sitemap.xml`` with wagtail.contrib.sitemaps, listing only what the API would serve: the
home page, published columns and published items (``cms/api/selectors.py``), at their
addresses under ``PUBLIC_BASE_URL``."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from cms.api import selectors
from cms.web.scope import page_path, request_scope


class PublishedSitemap(Sitemap):
    def items(self):
        scope = request_scope(self.request)
        if scope.root is None:
            return Page.objects.none()
        shown = (
            Q(pk=scope.root.pk)
            | Q(pk__in=selectors.published_columns(scope).values("pk"))
            | Q(pk__in=selectors.published_articles(scope).values("pk"))
        )
        pages = Page.objects.filter(shown).exclude(scope.hidden)
        return pages.only("url_path", "last_published_at", "latest_revision_created_at").order_by(
            "path"
        )

    def location(self, obj):
        return page_path(request_scope(self.request), obj.url_path)

    def get_protocol(self, protocol=None):
        return urlsplit(settings.PUBLIC_BASE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.PUBLIC_BASE_URL).netloc

    def _urls(self, page, protocol, domain):
        # Wagtail's own asks each page for its address on the Wagtail Site (its hostname);
        # Django's puts location() under PUBLIC_BASE_URL's scheme and host.
        return super(Sitemap, self)._urls(page, protocol, domain)
