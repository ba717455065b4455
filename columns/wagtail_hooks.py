from django.core.exceptions import PermissionDenied
from wagtail import hooks

from columns import admin_visibility
from columns.models import ColumnPage
from columns.permissions import STRUCTURE_DENIED, user_can_manage_structure
from columns.selectors import pages_visible_to


@hooks.register("before_create_page")
def refuse_columns_from_non_administrators(request, parent_page, page_class):
    if issubclass(page_class, ColumnPage) and not user_can_manage_structure(request.user):
        raise PermissionDenied(STRUCTURE_DENIED)


@hooks.register("construct_explorer_page_queryset")
def hide_items_in_explorer(parent_page, pages, request):
    return pages_visible_to(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def hide_items_in_page_chooser(pages, request):
    return pages_visible_to(request.user, pages)


hooks.register("construct_reports_menu", admin_visibility.reports_menu_construct)

# After Wagtail's own registrations (order 0), which these replace.
for action_class in admin_visibility.PAGE_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=1)
