"""Admin requests that name an item the account may not see answer 404; private documents stay
out of shared caches (R-02, R-13).

The permission policies (``columns.policies``) filter every listing. What is left are the views
that take a page from the URL and show its title before they ask any permission (the explorer of
a page, the page chooser browsing one, the multiple page chooser's answer), and those that ask
only the page's permission tester. Refusing here, before any view runs, makes one rule of it for
every page view Wagtail has or adds. The page types report shows each type's last edited page
without the policies: it is for the accounts that see every item.
"""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from wagtail.models import Page

from columns import offers
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


class RefusalReasonMiddleware:
    """Adding a page where the account may not is refused before Wagtail's view, with the
    reason and where to go instead: Wagtail's own refusal of these views is a bare
    "你没有权限访问" on the dashboard (issue 17)."""

    ADD_VIEWS = frozenset({"wagtailadmin_pages:add_subpage", "wagtailadmin_pages:add"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.view_name not in self.ADD_VIEWS or not request.user.is_authenticated:
            return None
        parent = Page.objects.filter(pk=view_kwargs.get("parent_page_id")).first()
        if parent is None:
            return None
        refusal = offers.add_refusal(request.user, parent, _page_class(view_kwargs))
        if refusal is not None:
            reason, instead = refusal
            messages.error(request, reason)
            return redirect(instead)
        if match.view_name == "wagtailadmin_pages:add_subpage":
            return _straight_to_the_only_type(request, parent)
        return None


def _straight_to_the_only_type(request, parent):
    """Wagtail goes straight to the form when a parent allows one type; so do we when the
    account may create only one (a liaison in a column: 信息, never 栏目)."""
    types = offers.page_types_offered(request.user, parent)
    if len(types) != 1:
        return None
    meta = types[0]._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def _page_class(view_kwargs):
    app_label = view_kwargs.get("content_type_app_name")
    model_name = view_kwargs.get("content_type_model_name")
    if not app_label:
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
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
