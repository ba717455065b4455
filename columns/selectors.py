"""Reads about columns and articles: which items an account may see (R-02, R-13)."""

from cms.core.selectors import user_roles, user_unit_id
from columns import rules
from columns.models import ArticlePage


def user_sees_all_items(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return rules.may_see_all_items(roles=user_roles(user), is_superuser=user.is_superuser)


def items_hidden_from(user):
    """A subquery of the items ``user`` may not see (``rules.may_see_item`` as one query):
    other units' items for liaisons and unit approvers; nothing for approvers of the
    organisation department, the site staff and superusers."""
    if user_sees_all_items(user):
        return ArticlePage.objects.none().values("pk")
    unit_id = user_unit_id(user) if user.is_active else None
    return ArticlePage.objects.exclude(source_unit_id=unit_id).values("pk")


def pages_visible_to(user, pages):
    """``pages`` without the items ``user`` may not see: the one filter every page listing,
    search, chooser, report and the admin API go through."""
    if user_sees_all_items(user):
        return pages
    return pages.exclude(pk__in=items_hidden_from(user))


def user_may_see_pages(user, page_ids) -> bool:
    """Whether ``user`` may see every page of ``page_ids``."""
    if user_sees_all_items(user):
        return True
    return not items_hidden_from(user).filter(pk__in=page_ids).exists()
