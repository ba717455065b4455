"""Who may do what with pages: one place, used by Wagtail's views and actions and our services.

Wagtail's admin views and its action layer (wagtail/actions) ask ``page.permissions_for_user``,
so overriding that tester puts the rules under every path that goes through Wagtail, and the
services in ``columns.services`` call the same functions for scripts and the API.
"""

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from wagtail.models import PagePermissionTester

from cms.core.selectors import user_roles, user_unit_id
from cms.security.privilege_checks import actor_roles
from columns import rules

COLUMN_WRITE_DENIED = "您所在单位不是该栏目的责任科室或报送单位，不能在此栏目撰写信息。"
ARTICLE_EDIT_DENIED = "只能修改本单位报送的信息。"
PUBLISH_DENIED = "只有网站管理员可以发布信息。"
STRUCTURE_DENIED = "只有网站管理员可以管理首页和栏目。"


class ColumnWriteDenied(PermissionDenied):
    pass


def _access(user) -> dict:
    return {"roles": user_roles(user), "is_superuser": bool(user.is_superuser)}


def user_can_manage_structure(user) -> bool:
    return user.is_active and rules.may_manage_structure(**_access(user))


def user_can_write_in_column(user, column) -> bool:
    """R-02: the one rule deciding whether ``user`` may write items in ``column``."""
    if not (user.is_authenticated and user.is_active):
        return False
    return rules.may_write_in_column(
        **_access(user),
        user_unit_id=user_unit_id(user),
        owner_unit_id=column.responsible_department_id,
        contributing_unit_ids=column.contributing_unit_ids(),
    )


def user_can_edit_article(user, article, column=None) -> bool:
    column = column or article.column
    return rules.may_edit_article(
        may_write=column is not None and user_can_write_in_column(user, column),
        **_access(user),
        user_unit_id=user_unit_id(user),
        source_unit_id=article.source_unit_id,
    )


def user_may_see_item(user, article) -> bool:
    """R-02, R-13: whether ``article`` shows to ``user`` anywhere in the admin."""
    if not (user.is_authenticated and user.is_active):
        return False
    return rules.may_see_item(
        **_access(user), user_unit_id=user_unit_id(user), source_unit_id=article.source_unit_id
    )


def user_can_publish(user) -> bool:
    # With the pseudo role "superuser": a superuser holding 网站管理员 is refused.
    return user.is_authenticated and user.is_active and rules.may_publish(roles=actor_roles(user))


def user_can_take_down(user) -> bool:
    return user.is_authenticated and user.is_active and rules.may_take_down(roles=user_roles(user))


def check_can_write_in_column(user, column) -> None:
    if not user_can_write_in_column(user, column):
        raise ColumnWriteDenied(COLUMN_WRITE_DENIED)


class XiuyingPagePermissionTester(PagePermissionTester):
    """Wagtail's tester narrowed by the regulation; it never grants what Wagtail would refuse,
    except taking down for the site specialist (who holds no publish permission). An item the
    account may not see grants nothing at all, whatever a workflow task would allow."""

    @cached_property
    def hidden(self) -> bool:
        return self._is_item() and not user_may_see_item(self.user, self.page.specific_deferred)

    def _workflow_grants_editor(self) -> bool:
        task = self.page.current_workflow_task
        return bool(task and task.user_can_access_editor(self.page, self.user))

    def _page_rule_allows_edit(self) -> bool:
        if self._is_item():
            return user_can_edit_article(self.user, self.page.specific_deferred)
        return user_can_manage_structure(self.user)

    def can_add_subpage(self):
        if not super().can_add_subpage():
            return False
        if self._is_column():
            return user_can_write_in_column(self.user, self.page.specific_deferred)
        return user_can_manage_structure(self.user)

    def can_edit(self):
        if self.hidden or not super().can_edit():
            return False
        return self._page_rule_allows_edit() or self._workflow_grants_editor()

    def can_delete(self, ignore_bulk=False):
        if self.hidden:
            return False
        return super().can_delete(ignore_bulk=ignore_bulk) and self._page_rule_allows_edit()

    def can_lock(self):
        return not self.hidden and super().can_lock()

    def can_unlock(self):
        return not self.hidden and super().can_unlock()

    def can_submit_for_moderation(self):
        return not self.hidden and super().can_submit_for_moderation()

    def _kind(self) -> str | None:
        return getattr(self.page.specific_class, "xiuying_kind", None)

    def _is_item(self) -> bool:
        return self._kind() == "item"

    def _is_column(self) -> bool:
        return self._kind() == "column"

    # Items are published only by the last step of the approval chain (workflows.services.
    # release_finish), never from the editor, bulk actions or the API: no button is offered.
    def can_publish(self):
        if self._is_item():
            return False
        return super().can_publish() and user_can_publish(self.user)

    def can_publish_subpage(self):
        if self._is_column():
            return False
        return super().can_publish_subpage() and user_can_publish(self.user)

    def can_reorder_children(self):
        return super().can_reorder_children() and user_can_publish(self.user)

    def can_unpublish(self):
        # Items come down through the takedown action, which asks for a reason.
        if self._is_item() or not self.user.is_active or not self.page.live:
            return False
        return not self.page_is_root and not self.page_locked() and user_can_take_down(self.user)

    def can_take_down(self):
        return self._is_item() and self.page.live and user_can_take_down(self.user)

    def can_move(self):
        return super().can_move() and user_can_manage_structure(self.user)

    def can_view_revisions(self):
        return (
            not self.hidden
            and super().can_view_revisions()
            and (self._page_rule_allows_edit() or self._workflow_grants_editor())
        )


class XiuyingPermissionsMixin:
    """Mixed into every page type of the project so Wagtail asks our tester."""

    def permissions_for_user(self, user):
        return XiuyingPagePermissionTester(user, self)
