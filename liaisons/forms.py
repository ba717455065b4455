"""The 评定 form of a contribution: the quality grade, adoptions and endorsements (R-22).

The release step's modal (``workflows.forms.ApproveForm``) stays as the chain needs it; the
网站管理员 grades on the contribution record right after release or any time later.
"""

from django import forms
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


class ReportRequestForm(forms.Form):
    """What the worker should build (liaisons.report_files)."""

    kind = forms.ChoiceField(
        label="报表",
        choices=[
            ("columns", "栏目考核"),
            ("liaisons", "信息联络员排名"),
            ("freshness", "栏目更新监测"),
        ],
    )
    fmt = forms.ChoiceField(label="格式", choices=[("xlsx", "Excel（XLSX）"), ("csv", "CSV")])
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.IntegerField(
        label="季度（栏目考核，可选）", min_value=1, max_value=4, required=False
    )
    month = forms.IntegerField(
        label="月份（栏目考核，可选）", min_value=1, max_value=12, required=False
    )
