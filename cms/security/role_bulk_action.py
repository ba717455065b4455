"""Wagtail's "Assign role" bulk action on the user listing, through the privilege service
(R-13): only those who assign roles see anyone as actionable, never themselves, and a role that
would conflict for any selected account refuses the whole action with the reasons."""

from django.db import transaction
from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction

from cms.security import duties, privilege_checks, privileges

REFUSED = "未分配角色：账号“{username}”：{reasons}"


class DutyCheckedAssignRoleBulkAction(AssignRoleBulkAction):
    def check_perm(self, obj):
        verdict = duties.may_assign_roles(
            actor_id=self.request.user.pk,
            actor_roles=privilege_checks.actor_roles(self.request.user),
            target_id=obj.pk,
        )
        return super().check_perm(obj) and verdict.allowed

    def prepare_action(self, objects, objects_without_access):
        role = self.cleaned_form.cleaned_data["role"]
        for user in objects:
            groups = [*user.groups.all(), role]
            try:
                privileges.user_change_check(
                    actor=self.request.user,
                    user=user,
                    groups=groups,
                    is_superuser=user.is_superuser,
                    request=self.request,
                )
            except privileges.PrivilegeChangeRefused as refused:
                reasons = "".join(refused.reasons)
                messages.error(self.request, REFUSED.format(username=user, reasons=reasons))
                return redirect(self.next_url)
        return None

    def get_execution_context(self):
        return {**super().get_execution_context(), "request": self.request}

    @classmethod
    @transaction.atomic
    def execute_action(cls, objects, role=None, request=None, **kwargs):
        if role is None:
            return
        for user in objects:
            privileges.user_set_roles(
                actor=request.user, user=user, groups=[*user.groups.all(), role], request=request
            )
        return len(objects), 0
