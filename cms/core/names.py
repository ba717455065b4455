"""How a person's name is written (issue 11): a Chinese name is family name then given name with
no space (冯志明); a Latin one keeps Django's "Given Family".

Django's ``User.get_full_name`` always writes ``"{first_name} {last_name}"``, and Wagtail shows
that (``wagtail.admin.utils.get_user_display_name``) in its listings, histories and workflow
panels. A custom user model would be the usual place for the rule, but swapping ``auth.User`` on
a running site means migrating every relation to it; so ``CmsConfig.ready`` puts
``user_full_name`` in its place, and the project's own mails, queue, approval form, exports and
PDF use ``display_name`` below.
"""

import re

# CJK Unified Ideographs with extension A and the compatibility block, plus the middle dot of
# transliterated names (阿依古丽·买买提).
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u00b7]")


def full_name(*, given: str, family: str) -> str:
    """The full name as it is written: 冯志明, or "Ada Lovelace"."""
    given, family = (given or "").strip(), (family or "").strip()
    if _CJK.search(given + family):
        return f"{family}{given}"
    return f"{given} {family}".strip()


def user_full_name(user) -> str:
    """``User.get_full_name`` written the way the name is written."""
    return full_name(given=user.first_name, family=user.last_name)


def display_name(user) -> str:
    """The name to show for an account: its full name, else its username; "" for none."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
