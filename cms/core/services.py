"""Writes about accounts and units."""

from django.db import transaction

from cms.core.models import Unit, UserProfile
from cms.core.selectors import forget_cached_access


@transaction.atomic
def user_set_unit(*, user, unit: Unit, phone: str | None = None) -> UserProfile:
    """Attach ``user`` to ``unit`` (R-01: exactly one unit per account)."""
    defaults = {"unit": unit}
    if phone is not None:
        defaults["phone"] = phone
    profile, _ = UserProfile.objects.update_or_create(user=user, defaults=defaults)
    forget_cached_access(user)
    return profile
