"""The register of current sign-in locks (登录锁定, R-13): the site specialist sees who is locked
out from where, and lifts a lock once the person has been verified."""

from axes.models import AccessAttempt
from django.contrib.admin import display
from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from cms.security.lockout import local_time, lock_expires_at, locks_active, user_may_lift_locks
from cms.security.views import UnlockView

UNLOCK_LABEL = _("解除锁定")


class LockPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return user_may_lift_locks(user)

    def user_can_delete_obj(self, user, obj):
        return user_may_lift_locks(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False


class LockButtonHelper(ButtonHelper):
    def delete_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().delete_button(pk, classnames_add, classnames_exclude)
        return {**button, "label": UNLOCK_LABEL, "title": UNLOCK_LABEL}


class LockAdmin(ModelAdmin):
    model = AccessAttempt
    menu_label = _("登录锁定")
    menu_icon = "lock"
    menu_order = 260
    add_to_settings_menu = True
    base_url_path = "xiuying/sign-in-locks"
    permission_helper_class = LockPermissionHelper
    button_helper_class = LockButtonHelper
    delete_view_class = UnlockView
    delete_template_name = "security/lockout_unlock.html"
    list_display = ("username", "ip_address", "failures", "last_attempt", "locked_until")
    search_fields = ("username", "ip_address")
    history_view_enabled = False

    def get_queryset(self, request):
        return locks_active().order_by("-attempt_time")

    def get_permissions_for_registration(self):
        # Who may lift a lock follows the regulation's roles, not a model permission.
        return Permission.objects.none()

    def register_indexing(self):
        pass

    @display(description=_("失败次数"))
    def failures(self, obj):
        return obj.pair_failures

    @display(description=_("最后尝试时间（北京时间）"), ordering="attempt_time")
    def last_attempt(self, obj):
        return local_time(obj.attempt_time)

    @display(description=_("锁定至（北京时间）"))
    def locked_until(self, obj):
        return local_time(lock_expires_at(obj))
