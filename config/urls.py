from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    # The second factor's pages, ahead of Wagtail's admin.
    path("admin/2fa/", include("cms.security.two_factor_views")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The mini-program's read-only API; Wagtail's read-write API is not mounted.
    path("api/v1/", include("cms.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # The public website's own views (search, feeds, sitemap, robots.txt), then its pages.
    path("", include("cms.web.urls")),
    path("", include(wagtail_urls)),
]
