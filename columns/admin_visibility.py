"""The visibility rules in the few admin parts Wagtail does not build from its permission
policies (``columns.policies``): the admin API's document listing, the bulk actions (which list
by title the objects of the URL the account may not act on) and the reports menu (R-02, R-13).
"""

from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)

from columns.selectors import pages_visible_to, user_sees_all_items

PAGE_TYPES_REPORT = "page-types-usage"


class VisibleObjectsOnly:
    """A bulk action that acts on, and lists, only the objects the account may see."""

    narrow = None

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        refused = extra["items_with_no_access"]
        named = self.model.objects.filter(pk__in=[obj.pk for obj in [*objects, *refused]])
        visible = set(self.narrow(self.request.user, named).values_list("pk", flat=True))
        return (
            [obj for obj in objects if obj.pk in visible],
            {"items_with_no_access": [obj for obj in refused if obj.pk in visible]},
        )


def visible_only(action_class, narrow):
    attributes = {"narrow": staticmethod(narrow)}
    return type(action_class.__name__, (VisibleObjectsOnly, action_class), attributes)


PAGE_BULK_ACTIONS = [
    visible_only(action, pages_visible_to)
    for action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction)
]


def reports_menu_construct(request, menu_items):
    """The page types report shows each type's last edited page, whoever's it is: only for the
    accounts that see every item (``columns.middleware`` refuses its URL to the others)."""
    if not user_sees_all_items(request.user):
        menu_items[:] = [item for item in menu_items if item.name != PAGE_TYPES_REPORT]
