"""The document privacy rule where files are served (R-02, R-03, R-13)."""

import posixpath

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.static import serve

from columns.document_selectors import document_access

DOCUMENT_PRIVATE = "该文件属于未发布的信息或原始资料，您无权查看。"
# Set on a request that is served a private document (columns.middleware keeps it uncached).
PRIVATE_DOCUMENT = "xiuying_private_document"
# Wagtail's documents (upload_to="documents"), served only by /documents/<id>/<name>.
DOCUMENTS_DIRECTORY = "documents"


def document_serve_check(document, request):
    """``before_serve_document``: a document the account may not read is not served; an
    anonymous visitor is sent to sign in."""
    access = document_access(request.user, document)
    if not access.readable:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(DOCUMENT_PRIVATE)
    setattr(request, PRIVATE_DOCUMENT, not access.public)
    return None


def media_serve(request, path):
    """Development only (``config/urls.py``): MEDIA_ROOT without Wagtail's documents."""
    path = posixpath.normpath(path).lstrip("/")
    if path.split("/", 1)[0] == DOCUMENTS_DIRECTORY:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
