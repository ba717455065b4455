from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from cms.models import Unit, UserProfile
from cms.services import user_set_unit


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


class XiuyingUserCreationForm(UnitFieldMixin, UserCreationForm):
    pass


class XiuyingUserEditForm(UnitFieldMixin, UserEditForm):
    pass
