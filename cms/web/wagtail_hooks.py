"""Registers the public site's gate; imported by CmsConfig.ready(). The site's own pages are
looked up among what the public may see before serving (``cms/web/routing.py``, which answers
this question itself); the gate holds for any page Wagtail's own ``serve`` view would reach."""

from django.http import Http404
from wagtail import hooks

from cms.core.conf import get_setting
from cms.web.scope import request_scope
from cms.web.selectors import page_in_scope


# Before Wagtail's own view-restriction check (order 0): a restricted page is not found, not a
# password form (R-24: only what the API would serve).
@hooks.register("before_serve_page", order=-10)
def public_pages_only(page, request, serve_args, serve_kwargs):
    if not (get_setting("PUBLIC_SITE") and page_in_scope(request_scope(request), page)):
        raise Http404
