"""Admin requests that name an item the account may not see answer 404; private documents stay
out of shared caches (R-02, R-13).

The permission policies (``columns.policies``) filter every listing. What is left are the views
that take a page from the URL and show its title before they ask any permission (the explorer of
a page, the page chooser browsing one, the multiple page chooser's answer), and those that ask
only the page's permission tester. Refusing here, before any view runs, makes one rule of it for
every page view Wagtail has or adds. The page types report shows each type's last edited page
without the policies: it is for the accounts that see every item.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control

from columns.selectors import user_may_see_pages, user_sees_all_items

# Set on a request that is served a private document (workflows.document_access): kept uncached.
PRIVATE_DOCUMENT = "xiuying_private_document"

# Keyword arguments that name a page in Wagtail's admin URLs (wagtail/admin/urls/); the
# revisions comparison of the pages namespace calls it ``pk``.
PAGE_KWARGS = frozenset({"page_id", "parent_page_id", "page_to_move_id", "destination_id"})
PAGES_NAMESPACE = "wagtailadmin_pages"
# Views that name pages in the query string (``?id=1&id=2``).
PAGE_ID_LIST_VIEWS = frozenset({"wagtailadmin_choose_page_chosen_multiple"})
ALL_ITEMS_VIEWS = frozenset(
    {"wagtailadmin_reports:page_types_usage", "wagtailadmin_reports:page_types_usage_results"}
)


def named_page_ids(match, query) -> list[int]:
    """The pages an admin URL names, from its path and, for a few views, its query string."""
    ids = [value for key, value in match.kwargs.items() if key in PAGE_KWARGS]
    if PAGES_NAMESPACE in match.namespaces and "pk" in match.kwargs:
        ids.append(match.kwargs["pk"])
    if match.view_name in PAGE_ID_LIST_VIEWS:
        ids.extend(int(value) for value in query.getlist("id") if value.isdigit())
    return [int(page_id) for page_id in ids]


class HiddenItemsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        match = request.resolver_match
        if match.view_name in ALL_ITEMS_VIEWS and not user_sees_all_items(user):
            raise PermissionDenied
        page_ids = named_page_ids(match, request.GET)
        if page_ids and not user_may_see_pages(user, page_ids):
            raise Http404
        return None


class PrivateDocumentsMiddleware:
    """A private document served to its reader is kept out of shared caches (a proxy or a CDN
    would hand it to the next visitor); released attachments may be cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, PRIVATE_DOCUMENT, False):
            patch_cache_control(response, private=True, no_store=True)
        return response
