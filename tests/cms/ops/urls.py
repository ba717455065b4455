"""The site's URLs plus one view that logs, for the request-id tests."""

import logging

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def logging_view(request):
    logging.getLogger("xiuying.test").warning("稿件已保存")
    return HttpResponse("ok")


urlpatterns = [path("ops-test/log/", logging_view), *site_urlpatterns]
