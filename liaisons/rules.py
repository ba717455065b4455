"""Who may do what with the assessment (R-21, R-22, R-25): pure rules over role codes."""

from cms.core.roles import RECORD_READERS

ASSESSOR_ROLES = frozenset({"site_admin"})


def may_view_assessment(*, roles: frozenset[str], is_superuser: bool) -> bool:
    """Reports, the contribution register and the schemes: 网站管理员, 组织部长, 网站专管员."""
    return is_superuser or bool(roles & RECORD_READERS)


def may_assess(*, roles: frozenset[str]) -> bool:
    """Grading, adoptions, endorsements and closing a year belong to 网站管理员, the role that
    releases items (article 11); a superuser without the role does not grade."""
    return bool(roles & ASSESSOR_ROLES)


def may_edit_scheme(*, roles: frozenset[str], is_superuser: bool) -> bool:
    return is_superuser or may_assess(roles=roles)


def may_see_column_warning(
    *, roles: frozenset[str], is_superuser: bool, user_id: int, unit_id: int | None, row
) -> bool:
    """A stale column concerns the report readers, its department and its liaisons."""
    if may_view_assessment(roles=roles, is_superuser=is_superuser):
        return True
    return (unit_id is not None and unit_id == row.department_id) or user_id in row.liaison_user_ids
