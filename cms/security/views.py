"""The change-password page the password gate sends accounts to (R-16), lifting a lock from
the lock register (R-13), and signing out by POST only (issue 18).
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.views.account import LogoutView
from wagtail_modeladmin.views import DeleteView

from cms.core.conf import get_setting
from cms.security import middleware, passwords
from cms.security.lockout import UNLOCKED, local_time, lock_expires_at, lockout_lift

CHANGED_NOTICE = "密码已修改。请牢记新密码，不要告诉他人。"
REASONS = {
    passwords.EXPIRED: passwords.EXPIRED_NOTICE,
    passwords.MUST_CHANGE: passwords.MUST_CHANGE_NOTICE,
}
UNLOCK_CONFIRM = (
    "确定解除账号“{username}”在地址 {address} 上的登录锁定吗？锁定将于 {until} 自动解除。"
)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "security/password_change.html"
    title = _("修改密码")

    def get_context_data(self, **kwargs):
        record = passwords.password_record_ensure(user=self.request.user)
        status = passwords.password_status_for(record=record)
        reason = REASONS.get(status.code, "")
        days = get_setting("PASSWORD_MAX_AGE_DAYS")
        return super().get_context_data(
            reason=reason.format(days=days), next=self._next_url(), **kwargs
        )

    def get_success_url(self):
        return self._next_url() or reverse("wagtailadmin_home")

    def form_valid(self, form):
        response = super().form_valid(form)
        for key in (middleware.WARNED_KEY, middleware.EXPIRY_RECORDED_KEY):
            self.request.session.pop(key, None)
        messages.success(self.request, CHANGED_NOTICE)
        return response

    def _next_url(self) -> str:
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        allowed = url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return url if allowed else ""


class UnlockView(DeleteView):
    """The register's 'delete' action lifts the lock through the service instead."""

    page_title = _("解除锁定")

    def get_meta_title(self):
        return self.page_title

    def confirmation_message(self):
        attempt = self.instance
        until = local_time(lock_expires_at(attempt))
        return UNLOCK_CONFIRM.format(
            username=attempt.username, address=attempt.ip_address, until=until
        )

    def post(self, request, *args, **kwargs):
        attempt = self.instance
        lockout_lift(attempt=attempt, request=request)
        messages.success(
            request, UNLOCKED.format(username=attempt.username, address=attempt.ip_address)
        )
        return redirect(self.index_url)


@method_decorator(never_cache, name="dispatch")
class SignOutView(LogoutView):
    """Wagtail's sign-out signs out on POST only, but deletes the session cookie on any request,
    so a link or an image on another site (GET) signed people out. A GET here asks, with a form
    that POSTs; Wagtail's own menu posts already."""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return super().dispatch(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            return TemplateResponse(request, "security/sign_out.html", {"title": _("退出登录")})
        return self.http_method_not_allowed(request, *args, **kwargs)
