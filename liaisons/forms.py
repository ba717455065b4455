"""The 评定 form of a contribution: the quality grade, adoptions and endorsements (R-22).

The release step's modal (``workflows.forms.ApproveForm``) stays as the chain needs it; the
网站管理员 grades on the contribution record right after release or any time later.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from liaisons import services


class ContributionAssessForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        try:
            services.check_may_assess(user=self.for_user, contribution=self.instance)
        except (PermissionDenied, ValidationError) as refusal:
            raise ValidationError(refusal.args[0]) from refusal
        return cleaned

    def save(self, commit=True):
        contribution = super().save(commit=False)
        if not commit:
            return contribution
        return services.contribution_assess(
            user=self.for_user, contribution=contribution, grade=self.cleaned_data["grade"]
        )
