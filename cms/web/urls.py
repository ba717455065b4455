"""``path("", include("cms.web.urls"))`` ahead of Wagtail's own URLs: search, feeds, sitemap,
robots.txt, the display switch, then the pages themselves through the page cache (Wagtail's
serve pattern, leaving its ``_util/`` views to it)."""

from django.urls import path, re_path

from cms.web import feeds, views

app_name = "xiuying_web"


urlpatterns = [
    path("search/", views.search, name="search"),
    path("display/<str:name>/", views.display_switch, name="display"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("feeds/rss/", feeds.SiteFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.SiteAtomFeed(), name="feed_atom"),
    path("feeds/columns/<int:column_id>/rss/", feeds.ColumnFeed(), name="column_feed_rss"),
    path("feeds/columns/<int:column_id>/atom/", feeds.ColumnAtomFeed(), name="column_feed_atom"),
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", views.serve, name="serve"),
]
