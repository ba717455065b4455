"""The second factor's pages, and the middleware that sends sessions to them (R-13, R-17).

Mounted under ``/admin/2fa/`` by ``config/urls.py``, ahead of Wagtail's admin. Each view checks
who may, calls one service from ``cms.security.two_factor`` and renders.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from cms.security import credentials, duties
from cms.security import two_factor as tf
from cms.security.privilege_checks import actor_roles
from cms.security.privileges import PrivilegeChangeRefused

RECOVERY_USED = _("您使用了一个恢复码登录，还剩 {left} 个。恢复码用完前请在账号设置中重新生成。")
RESET_DONE = _("已重置 {username} 的双因素认证，该账号下次登录时需重新绑定验证器。")
LIST_DENIED = "只有网站专管员、账号管理员和超级管理员可以查看各账号的双因素认证。"
# Who sees every account's second factor: 网站专管员 watches, 账号管理员 and superusers reset.
ACCOUNT_LIST_ROLES = frozenset({*duties.SECURITY_ROLES, *duties.ASSIGNING_ROLES})

# Pages a session that still owes its second factor may open besides the step it owes.
OPEN_VIEWS = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "django.contrib.staticfiles.views.serve",
        "django.views.static.serve",
    }
)
STEP_VIEWS = {tf.VERIFY: "xiuying_2fa:verify", tf.ENROL: "xiuying_2fa:enrol"}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class TwoFactorRequiredMiddleware:
    """Until the second factor is passed, a signed-in session reaches only the step it owes:
    the code page when the account has an authenticator, enrolment when its role requires one.
    Works in ``process_view``, where the resolved view name is known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or tf.session_verified(user):
            return None
        step = tf.gate_step(
            enrolled=tf.two_factor_enrolled(user), required=tf.two_factor_required(user)
        )
        view_name = request.resolver_match.view_name
        if step is None or view_name in OPEN_VIEWS or view_name == STEP_VIEWS[step]:
            return None
        return _step_redirect(STEP_VIEWS[step], _resume_url(request))


def _resume_url(request) -> str:
    return request.get_full_path() if request.method == "GET" else reverse("wagtailadmin_home")


def _step_redirect(view_name: str, next_url: str):
    return redirect(f"{reverse(view_name)}?{urlencode({'next': next_url})}")


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def _private(response):
    """Secrets and recovery codes must not stay in any cache."""
    add_never_cache_headers(response)
    return response


@login_required
def verify(request):
    user = request.user
    if tf.session_verified(user):
        return redirect(_next_url(request))
    if not tf.two_factor_enrolled(user):
        return _step_redirect(STEP_VIEWS[tf.ENROL], _next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = tf.two_factor_verify(request=request, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _recovery_notice(request, device)
            return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request)}
    return _private(TemplateResponse(request, "security/two_factor/verify.html", context))


def _recovery_notice(request, device) -> None:
    if device.name == tf.RECOVERY_DEVICE_NAME:
        left = tf.recovery_codes_left(request.user)
        messages.warning(request, RECOVERY_USED.format(left=left))


@login_required
def enrol(request):
    user = request.user
    if tf.two_factor_enrolled(user) and not tf.session_verified(user):
        return _step_redirect(STEP_VIEWS[tf.VERIFY], _next_url(request))
    device = tf.totp_enrol_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = tf.totp_enrol_confirm(
                request=request, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return _codes_response(request, codes)
    return _private(
        TemplateResponse(
            request, "security/two_factor/enrol.html", _enrol_context(request, device, form)
        )
    )


def _enrol_context(request, device, form) -> dict:
    uri = device.config_url
    return {
        "form": form,
        "next": _next_url(request),
        "secret": tf.secret_base32(device),
        "otpauth_uri": uri,
        "qr_svg": mark_safe(tf.qr_svg(uri)),  # noqa: S308 - drawn by qrcode from our own data
        "required": tf.two_factor_required(request.user),
    }


def _codes_response(request, codes):
    context = {"codes": codes, "next": _next_url(request)}
    return _private(TemplateResponse(request, "security/two_factor/recovery_codes.html", context))


@login_required
@require_POST
def recovery_codes(request):
    user = request.user
    if not (tf.two_factor_enrolled(user) and tf.session_verified(user)):
        raise PermissionDenied
    return _codes_response(request, tf.recovery_codes_issue(user=user))


@login_required
def manage(request):
    user = request.user
    context = {
        "page_title": _("双因素认证"),
        "header_icon": "key",
        "enrolled": tf.two_factor_enrolled(user),
        "required": tf.two_factor_required(user),
        "codes_left": tf.recovery_codes_left(user),
    }
    return TemplateResponse(request, "security/two_factor/manage.html", context)


def may_see_accounts(user) -> bool:
    return bool(actor_roles(user) & ACCOUNT_LIST_ROLES)


def _require_account_list(user) -> None:
    if not may_see_accounts(user):
        raise PermissionDenied(LIST_DENIED)


def _resettable(actor, rows) -> set[int]:
    """The accounts whose second factor ``actor`` may reset, decided from the rows' roles."""
    roles = actor_roles(actor)
    superuser = frozenset({duties.SUPERUSER})
    return {
        row.user.pk
        for row in rows
        if duties.may_reset_credentials(
            actor_roles=roles,
            target_roles=row.role_codes | (superuser if row.user.is_superuser else frozenset()),
            actor_id=actor.pk,
            target_id=row.user.pk,
        ).allowed
    }


@login_required
def accounts(request):
    _require_account_list(request.user)
    rows = tf.two_factor_accounts()
    context = {
        "page_title": _("账号双因素认证"),
        "header_icon": "key",
        "rows": rows,
        "resettable": _resettable(request.user, rows),
    }
    return TemplateResponse(request, "security/two_factor/accounts.html", context)


@login_required
def account_reset(request, pk):
    """Anyone's POST meets the service, which records a refused attempt; the page itself is for
    those who see the account list."""
    if request.method != "POST":
        _require_account_list(request.user)
    target = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        try:
            credentials.user_reset_two_factor(actor=request.user, user=target, request=request)
        except PrivilegeChangeRefused as refused:
            return _reset_page(request, target, refused.reasons)
        messages.success(request, RESET_DONE.format(username=target.get_username()))
        return redirect("xiuying_2fa:accounts")
    return _reset_page(
        request, target, credentials.credentials_verdict(actor=request.user, user=target)
    )


def _reset_page(request, target, reasons):
    """The confirmation, or why this account may not reset it (403)."""
    context = {
        "page_title": _("重置双因素认证"),
        "header_icon": "key",
        "target": target,
        "refused": reasons,
    }
    template = "security/two_factor/reset_confirm.html"
    return TemplateResponse(request, template, context, status=403 if reasons else 200)


class AccountListMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_accounts(request.user)


def account_menu_item(request) -> dict:
    """The entry on Wagtail's account page (``register_account_menu_item``)."""
    return {
        "url": reverse("xiuying_2fa:manage"),
        "label": _("双因素认证"),
        "help_text": _("绑定手机验证器，查看或重新生成恢复码。"),
    }


app_name = "xiuying_2fa"
urlpatterns = [
    path("", manage, name="manage"),
    path("verify/", verify, name="verify"),
    path("enrol/", enrol, name="enrol"),
    path("recovery-codes/", recovery_codes, name="recovery_codes"),
    path("accounts/", accounts, name="accounts"),
    path("accounts/<int:pk>/reset/", account_reset, name="account_reset"),
]
