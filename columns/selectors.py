"""Reads about columns and articles."""

from cms.selectors import user_roles, user_unit_id
from columns.models import ArticlePage

# Roles that see every unit's drafts: the approvers and the site staff.
SEES_ALL_DRAFTS = frozenset(
    {"proofreader", "dept_leader", "minister", "site_admin", "site_specialist"}
)


def pages_hidden_from_user(user):
    """A subquery of draft articles ``user`` may not see: other units' drafts for liaisons (R-02)
    and unit approvers; nothing for approvers of the organisation group and site staff."""
    if user.is_superuser or user_roles(user) & SEES_ALL_DRAFTS:
        return ArticlePage.objects.none().values("pk")
    return (
        ArticlePage.objects.filter(live=False)
        .exclude(source_unit_id=user_unit_id(user))
        .values("pk")
    )
