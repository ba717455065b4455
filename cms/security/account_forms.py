from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import GroupForm, UserCreationForm, UserEditForm

from cms.core.models import Unit, UserProfile
from cms.core.services import user_set_unit
from cms.security import credentials, duties, privilege_checks, privileges
from cms.security.uploads import current_request

ROLES_HELP = _(
    "角色只能由账号管理员分配，任何账号都不能修改本人的角色；网站管理员不得兼任网站专管员或"
    "审批角色，账号管理员不得兼任网站管理员或网站专管员。每次变更都记入安全事件并通知网站专管员"
    "和组织部长。"
)

EMAIL_HELP = _("重置密码的邮件发往此邮箱，只有账号管理员可以修改他人的邮箱。")
PASSWORD_FIELDS = ("password1", "password2")


class UnitFieldMixin(forms.Form):
    """Adds the required unit of the account (R-01) to Wagtail's user forms."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.filter(is_active=True),
        label=_("所属单位"),
        help_text=_("每个账号必须且只能属于一个单位。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            profile = UserProfile.objects.filter(user=self.instance).first()
            if profile:
                self.fields["unit"].initial = profile.unit_id

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            user_set_unit(user=user, unit=self.cleaned_data["unit"])
        return user


def _request_of(request):
    return request if request is not None else current_request()


class RoleAssignmentMixin(forms.Form):
    """Roles (groups) and the superuser flag pass the separation of duties (R-08, R-13): the
    refusal appears beside the roles, and the change is made and recorded by the service."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = _request_of(request)
        self.actor = getattr(self.request, "user", None)
        if "groups" in self.fields:
            self.fields["groups"].help_text = ROLES_HELP

    def clean(self):
        cleaned_data = super().clean()
        if "groups" in self.fields and cleaned_data.get("groups") is not None:
            self._roles_check(cleaned_data)
        return cleaned_data

    def _roles_check(self, cleaned_data):
        is_superuser = cleaned_data.get("is_superuser", self.instance.is_superuser)
        try:
            privileges.user_change_check(
                actor=self.actor,
                user=self.instance,
                groups=cleaned_data["groups"],
                is_superuser=bool(is_superuser),
                request=self.request,
                username=cleaned_data.get("username", ""),
            )
        except privileges.PrivilegeChangeRefused as refused:
            for reason in refused.reasons:
                self.add_error("groups", reason)

    @transaction.atomic
    def save(self, commit=True):
        groups = self.cleaned_data.pop("groups", None)  # set below, through the service
        with privileges.acting(self.actor):
            user = super().save(commit=commit)
        if commit and groups is not None:
            privileges.user_set_roles(
                actor=self.actor, user=user, groups=groups, request=self.request
            )
        return user


class CredentialsMixin(forms.Form):
    """Another account's password and e-mail address (where its reset link goes) are for whoever
    may reset its credentials (R-13, R-17; ``cms.security.credentials``): others are not offered
    the password fields nor a changeable address, and a forged POST is refused in Chinese. A
    password given here is set by the service, as a temporary one. Needs ``RoleAssignmentMixin``
    after it (for ``self.actor``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if credentials.credentials_verdict(actor=self.actor, user=self.instance):
            for name in PASSWORD_FIELDS:
                self.fields.pop(name, None)
            if self.instance.pk and "email" in self.fields:
                self.fields["email"].disabled = True
                self.fields["email"].help_text = EMAIL_HELP

    def clean(self):
        cleaned_data = super().clean()
        if what := self._credentials_changed():
            self._credentials_check(cleaned_data, what)
        return cleaned_data

    def _credentials_changed(self) -> str:
        """What the POST changes, read from the raw data: a removed field is not cleaned."""
        changed = []
        if any(self.data.get(name) for name in PASSWORD_FIELDS):
            changed.append(credentials.WHAT_PASSWORD)
        email = str(self.data.get("email", self.initial.get("email", ""))).strip()
        if self.instance.pk and email != (self.initial.get("email") or ""):
            changed.append(credentials.WHAT_EMAIL)
        return "、".join(changed)

    def _credentials_check(self, cleaned_data, what):
        posted = {group.name for group in cleaned_data.get("groups") or ()}
        names = privilege_checks.group_names_of(self.instance) | posted
        roles = credentials.account_roles(self.instance, names)
        if cleaned_data.get("is_superuser"):
            roles |= {duties.SUPERUSER}
        try:
            credentials.credentials_check(
                actor=self.actor, user=self.instance, what=what, request=self.request,
                target_roles=roles, username=cleaned_data.get("username", ""),
            )  # fmt: skip
        except privileges.PrivilegeChangeRefused as refused:
            for reason in refused.reasons:
                self.add_error(None, reason)

    @transaction.atomic
    def save(self, commit=True):
        password = self.cleaned_data.get("password1") or ""
        self.cleaned_data["password1"] = ""  # set below, through the service
        if not self.instance.pk and not password:
            self.instance.set_unusable_password()
        user = super().save(commit=commit)
        if commit and password:
            credentials.user_set_password(
                actor=self.actor, user=user, password=password, request=self.request,
                previous_email=self.initial.get("email") or "",
            )  # fmt: skip
        return user


class XiuyingUserCreationForm(
    UnitFieldMixin, CredentialsMixin, RoleAssignmentMixin, UserCreationForm
):
    pass


class XiuyingUserEditForm(UnitFieldMixin, CredentialsMixin, RoleAssignmentMixin, UserEditForm):
    pass


class XiuyingGroupForm(GroupForm):
    """Wagtail's group form, for superusers only and never for a group of their own (R-13);
    the view records the whole change, model, page and collection permissions, as one event."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = _request_of(request)
        self.actor = getattr(self.request, "user", None)

    def clean(self):
        cleaned_data = super().clean()
        reasons = privilege_checks.group_verdict(actor=self.actor, group=self.instance)
        if reasons:
            try:
                privileges.privilege_refuse(
                    actor=self.actor,
                    request=self.request,
                    target=privileges.GROUP_TARGET.format(name=self.instance.name or "（新建）"),
                    what=privileges.WHAT_GROUP_PERMISSIONS,
                    reasons=reasons,
                )
            except privileges.PrivilegeChangeRefused as refused:
                for reason in refused.reasons:
                    self.add_error(None, reason)
        return cleaned_data
