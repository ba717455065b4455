from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.security.views import SignOutView

urlpatterns = [
    # The second factor's pages, ahead of Wagtail's admin.
    path("admin/2fa/", include("cms.security.two_factor_views")),
    # Signing out by POST only: a GET asks first (issue 18), ahead of Wagtail's own view.
    path("admin/logout/", SignOutView.as_view(), name="wagtailadmin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The mini-program's read-only API; Wagtail's read-write API is not mounted.
    path("api/v1/", include("cms.api.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from columns.views import media_serve

    urlpatterns += staticfiles_urlpatterns()
    # Images in development, never documents (docs/deploy.md asks the same of the proxy).
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_serve)]

urlpatterns += [
    # The public website's own views (search, feeds, sitemap, robots.txt), then its pages.
    path("", include("cms.web.urls")),
    path("", include(wagtail_urls)),
]
