"""``path("", include("cms.web.urls"))`` ahead of Wagtail's page serving: search, feeds,
sitemap, robots.txt and the display switch of the public site."""

from django.urls import path

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
]
