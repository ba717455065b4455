"""Who sees the compliance check-up: 网站专管员, 网站管理员 and 组织部长 (issue 14)."""

from cms.core.roles import RECORD_READERS
from cms.core.selectors import user_roles

CHECKUP_DENIED = "只有网站专管员、网站管理员和组织部长可以查看合规体检。"


def may_view_checkup(*, roles: frozenset[str], is_superuser: bool) -> bool:
    return is_superuser or bool(roles & RECORD_READERS)


def user_may_view_checkup(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return may_view_checkup(roles=user_roles(user), is_superuser=user.is_superuser)


def evidence_for(user, checkup) -> list[tuple]:
    """(rule, evidence) pairs that concern ``user``'s own items or columns (their dashboard)."""
    return [
        (result, item)
        for result in checkup.results
        for item in result.evidence
        if user.pk in item.user_ids
    ]
