"""RSS and Atom feeds of the newest published items, for the whole site and per column, with
django.contrib.syndication; every link absolute under ``PUBLIC_BASE_URL``."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from cms.api import selectors
from cms.core.conf import get_setting
from cms.web import listing
from cms.web.scope import absolute_url, page_path, request_columns, request_scope


class SiteFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def __call__(self, request, *args, **kwargs):
        if not get_setting("PUBLIC_SITE"):
            raise Http404
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        from django.conf import settings

        return settings.WAGTAIL_SITE_NAME + (f" - {obj.title}" if obj else "")

    def link(self, obj):
        scope = request_scope(self.request)
        return absolute_url(page_path(scope, obj.url_path) if obj else "/")

    def description(self, obj):
        return (obj.description if obj else "") or self.title(obj)

    def items(self, obj):
        scope = request_scope(self.request)
        filters = selectors.ArticleFilters()
        listed = selectors.articles_filter(scope, filters, obj)
        rows = selectors.article_rows(listed, start=0, stop=get_setting("WEB_FEED_ITEMS"))
        return listing.listing_items(scope, rows, request_columns(self.request), covers=())

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["summary"]

    def item_link(self, item):
        return absolute_url(item["url"])

    def item_guid(self, item):
        return absolute_url(item["url"])

    def item_pubdate(self, item):
        return item["released_at"]

    def item_updateddate(self, item):
        return item["updated_at"]

    def item_author_name(self, item):
        return item["source_unit"]

    def item_categories(self, item):
        return [item["column"]["title"]] if item["column"] else []


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description


class ColumnFeed(SiteFeed):
    def get_object(self, request, column_id: int):
        column = selectors.column_get(request_scope(request), column_id)
        if column is None:
            raise Http404
        return column


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description
