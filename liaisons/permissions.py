"""Permission policies of the assessment's admin views, by the regulation's roles rather than by
model permissions handed out in Groups (``liaisons.rules``)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from cms.core.conf import get_setting
from cms.core.roles import RECORD_READERS
from liaisons.models import AssessmentYear
from liaisons.selectors import user_may_assess, user_may_view_assessment


class RolePermissionPolicy(BasePermissionPolicy):
    """``view`` for the report readers; 网站管理员 (and superusers where allowed) change."""

    changing_actions = ("change",)
    superuser_changes = False

    def user_may_change(self, user) -> bool:
        return user_may_assess(user) or (self.superuser_changes and user.is_superuser)

    def user_has_permission(self, user, action):
        if not user_may_view_assessment(user):
            return False
        if action == "view":
            return True
        return action in self.changing_actions and self.user_may_change(user)

    def users_with_any_permission(self, actions):
        names = [get_setting("ROLE_NAMES")[role] for role in RECORD_READERS]
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name__in=names))
            .distinct()
        )


class ContributionPolicy(RolePermissionPolicy):
    """The register is read by the report readers; 网站管理员 grades released items only."""

    def user_has_permission_for_instance(self, user, action, instance):
        allowed = self.user_has_permission(user, action)
        if action == "change":
            return allowed and instance.released_at is not None
        return allowed


class SchemePolicy(RolePermissionPolicy):
    """网站管理员 (and superusers) add and change schemes; a closed year's scheme is frozen."""

    superuser_changes = True
    changing_actions = ("add", "change")

    def user_has_permission_for_instance(self, user, action, instance):
        allowed = self.user_has_permission(user, action)
        if action == "change":
            return allowed and not AssessmentYear.objects.filter(year=instance.year).exists()
        return allowed
