"""What the admin offers an account: only what it may do; and when it asks for something else
anyway, why not and where to go instead (issue 17, R-02, R-08).

Wagtail lists every page type a parent allows and every bulk action of a model, then refuses
the account after it chose one, with a bare "你没有权限访问". The rules stay those of
``columns.permissions``; this module only asks them before anything is offered.
"""

from django.db.models import Q
from django.urls import reverse

from cms.core.selectors import user_unit_id
from columns.models import ColumnPage
from columns.permissions import (
    STRUCTURE_DENIED,
    user_can_manage_structure,
    user_can_publish,
    user_can_take_down,
    user_can_write_in_column,
)

WRITE_HERE_INSTEAD = "请在栏目中添加“信息”。"
COLUMN_NOT_YOURS = "您所在单位不是栏目“{column}”的责任科室或报送单位，不能在其中撰写信息。"
WRITE_ELSEWHERE = "您可以在这些栏目撰写信息：{columns}。"
WRITE_NOWHERE = "您所在单位目前没有可撰写信息的栏目，请联系网站管理员。"
# Bulk actions of pages and who may be offered them; others are offered to every account and
# refuse object by object.
PAGE_BULK_ACTION_RULES = {
    "publish": user_can_publish,
    "unpublish": user_can_take_down,
    "move": user_can_manage_structure,
}


def page_types_offered(user, parent) -> list:
    """The page types ``user`` may create under ``parent``: Wagtail's list (the parent's allowed
    subpage types) without 栏目 for an account that may not manage the structure."""
    structure = user_can_manage_structure(user)
    return [
        model
        for model in type(parent.specific).creatable_subpage_models()
        if model.can_create_at(parent.specific) and (structure or not issubclass(model, ColumnPage))
    ]


def bulk_action_offered(user, app_label: str, model_name: str, action_type: str) -> bool:
    if (app_label, model_name) != ("wagtailcore", "page"):
        return True
    rule = PAGE_BULK_ACTION_RULES.get(action_type)
    return rule is None or rule(user)


def writable_columns(user) -> list[ColumnPage]:
    """The columns ``user`` may write items in, in tree order."""
    unit_id = user_unit_id(user)
    if unit_id is None and not user_can_manage_structure(user):
        return []
    near = Q(responsible_department_id=unit_id) | Q(contributing_units__id=unit_id)
    columns = ColumnPage.objects.all()
    if not user_can_manage_structure(user):
        columns = columns.filter(near).distinct()
    return [c for c in columns.order_by("path") if user_can_write_in_column(user, c)]


def where_to_write(user) -> str:
    names = "、".join(f"“{column.title}”" for column in writable_columns(user))
    return WRITE_ELSEWHERE.format(columns=names) if names else WRITE_NOWHERE


def add_refusal(user, parent, page_class=None) -> tuple[str, str] | None:
    """Why ``user`` may not add a page (of ``page_class``) under ``parent``, and where to go
    instead (a URL); None when it may."""
    parent = parent.specific
    home = reverse("wagtailadmin_home")
    if page_class is not None and issubclass(page_class, ColumnPage):
        if not user_can_manage_structure(user):
            instead = reverse("wagtailadmin_pages:add_subpage", args=[parent.pk])
            may_write = isinstance(parent, ColumnPage) and user_can_write_in_column(user, parent)
            return f"{STRUCTURE_DENIED}{WRITE_HERE_INSTEAD}", instead if may_write else home
        return None
    if isinstance(parent, ColumnPage) and not user_can_write_in_column(user, parent):
        reason = COLUMN_NOT_YOURS.format(column=parent.title)
        return f"{reason}{where_to_write(user)}", home
    return None
