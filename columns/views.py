"""Development's media files, without the documents (those are served by Wagtail, under the
privacy rule of ``workflows.document_access``)."""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# Wagtail's documents (upload_to="documents"), served only by /documents/<id>/<name>.
DOCUMENTS_DIRECTORY = "documents"


def media_serve(request, path):
    """Development only (``config/urls.py``): MEDIA_ROOT without Wagtail's documents."""
    path = posixpath.normpath(path).lstrip("/")
    if path.split("/", 1)[0] == DOCUMENTS_DIRECTORY:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
