"""Pure rules about columns and articles: plain values in, plain values out, no ORM."""

from collections.abc import Iterable

from django.utils.html import strip_tags

from cms.core.roles import SITE_STAFF
from cms.security.duties import role_conflicts

STRUCTURE_ROLES = frozenset({"site_admin"})
PUBLISH_ROLES = frozenset({"site_admin"})
TAKEDOWN_ROLES = SITE_STAFF
WRITER_ROLES = frozenset({"liaison", "site_admin"})
# Roles that see every unit's items in the admin: the organisation department's approvers and the
# site staff. Liaisons and unit approvers see their own unit's items only.
ALL_ITEMS_ROLES = frozenset(
    {"proofreader", "dept_leader", "minister", "site_admin", "site_specialist"}
)

# The richest form an item has decides how it counts: a video item with text is a
# video item.
CONTENT_FORM_PRIORITY = ("video", "pictures", "document", "text")
BLOCK_FORMS = {
    "paragraph": "text",
    "image": "pictures",
    "video": "video",
    "attachment": "document",
}


def may_manage_structure(*, roles: frozenset[str], is_superuser: bool) -> bool:
    """Only the site administrator (and superusers) shape the home page and the columns."""
    return is_superuser or bool(roles & STRUCTURE_ROLES)


def may_write_in_column(
    *,
    roles: frozenset[str],
    is_superuser: bool,
    user_unit_id: int | None,
    owner_unit_id: int | None,
    contributing_unit_ids: Iterable[int],
) -> bool:
    """R-02: a liaison writes only in columns its unit owns or contributes to."""
    if may_manage_structure(roles=roles, is_superuser=is_superuser):
        return True
    if "liaison" not in roles or user_unit_id is None:
        return False
    return user_unit_id == owner_unit_id or user_unit_id in set(contributing_unit_ids)


def may_edit_article(
    *,
    may_write: bool,
    roles: frozenset[str],
    is_superuser: bool,
    user_unit_id: int | None,
    source_unit_id: int | None,
) -> bool:
    """A liaison edits only its own unit's items, in a column it may write in."""
    if may_manage_structure(roles=roles, is_superuser=is_superuser):
        return True
    return may_write and user_unit_id is not None and user_unit_id == source_unit_id


def may_see_all_items(*, roles: frozenset[str], is_superuser: bool) -> bool:
    return is_superuser or bool(roles & ALL_ITEMS_ROLES)


def may_see_item(
    *,
    roles: frozenset[str],
    is_superuser: bool,
    user_unit_id: int | None,
    source_unit_id: int | None,
) -> bool:
    """R-02, R-13: whether an item shows to an account anywhere in the admin (listings, search,
    choosers, reports, history, the admin API, its own pages). Other units' items stay hidden
    from liaisons and unit approvers whatever their state: an item's admin face carries its
    drafts (the draft title in every listing, the titles of its history); released items are on
    the public site."""
    if may_see_all_items(roles=roles, is_superuser=is_superuser):
        return True
    return user_unit_id is not None and user_unit_id == source_unit_id


def may_publish(*, roles: frozenset[str]) -> bool:
    """R-08: publishing belongs to the site administrator role alone, superusers included, and
    never to an account that also holds a role it may not hold with it (an approving role, the
    security officer's, or the superuser flag: ``cms.security.duties``), however it got it."""
    return bool(roles & PUBLISH_ROLES) and not role_conflicts(roles)


def may_take_down(*, roles: frozenset[str]) -> bool:
    return bool(roles & TAKEDOWN_ROLES)


def content_form(block_types: Iterable[str]) -> str:
    """The form of an item derived from its body blocks (R-03); plain text when empty."""
    forms = {BLOCK_FORMS.get(block_type, "text") for block_type in block_types}
    return next((form for form in CONTENT_FORM_PRIORITY if form in forms), "text")


def plain_text(value: str) -> str:
    """A plain-text field without the tags pasted or typed into it: the API hands an item's
    title and summary to clients as text (issue 18), and the admin shows them escaped."""
    return strip_tags(value or "")
