from django.core.exceptions import PermissionDenied
from wagtail import hooks

from columns.models import ColumnPage
from columns.permissions import STRUCTURE_DENIED, user_can_manage_structure
from columns.selectors import pages_hidden_from_user


@hooks.register("before_create_page")
def refuse_columns_from_non_administrators(request, parent_page, page_class):
    if issubclass(page_class, ColumnPage) and not user_can_manage_structure(request.user):
        raise PermissionDenied(STRUCTURE_DENIED)


@hooks.register("construct_explorer_page_queryset")
def hide_other_units_drafts(parent_page, pages, request):
    return pages.exclude(pk__in=pages_hidden_from_user(request.user))
