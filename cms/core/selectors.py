"""Reads about accounts: which roles an account holds and which unit it belongs to."""

from cms.core.conf import get_setting
from cms.core.models import Unit, UserProfile

_ROLES_CACHE = "_xiuying_roles"
_UNIT_CACHE = "_xiuying_unit_id"


def user_roles(user) -> frozenset[str]:
    """Role codes (``"liaison"``, ``"site_admin"``...) of ``user``, cached on the instance."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _ROLES_CACHE, None)
    if cached is None:
        code_by_name = {name: code for code, name in get_setting("ROLE_NAMES").items()}
        names = user.groups.values_list("name", flat=True)
        cached = frozenset(code_by_name[name] for name in names if name in code_by_name)
        setattr(user, _ROLES_CACHE, cached)
    return cached


def user_has_role(user, role: str) -> bool:
    return role in user_roles(user)


def user_unit_id(user) -> int | None:
    """The id of the unit ``user`` belongs to, or None for an account without a profile."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, _UNIT_CACHE):
        unit_id = (
            UserProfile.objects.filter(user_id=user.pk).values_list("unit_id", flat=True).first()
        )
        setattr(user, _UNIT_CACHE, unit_id)
    return getattr(user, _UNIT_CACHE)


def user_unit(user) -> Unit | None:
    unit_id = user_unit_id(user)
    return Unit.objects.filter(pk=unit_id).first() if unit_id else None


def forget_cached_access(user) -> None:
    """Drop the per-instance caches after roles or unit change."""
    for attr in (_ROLES_CACHE, _UNIT_CACHE):
        if hasattr(user, attr):
            delattr(user, attr)
