from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cms.screening.engine import CATEGORIES

CHECKLIST_LABEL = _(
    "我已对照《秀英党建网站管理制度》第六条所列13类禁止发布信息逐项核查，本信息不含上述内容。"
)
# The 13 categories of article 6.2.4 as the questions each approver answers.
CHECKLIST_HELP = format_html(
    "<ol>{}</ol>",
    format_html_join("", "<li>{}（{}）</li>", ((c.checklist_prompt, c.label) for c in CATEGORIES)),
)


class ApproveForm(forms.Form):
    """An approval carries the forbidden-content checklist confirmation (R-12)."""

    comment = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    checklist_confirmed = forms.BooleanField(
        label=CHECKLIST_LABEL, help_text=CHECKLIST_HELP, required=True
    )


class RejectForm(forms.Form):
    """A rejection returns the item to the drafter with the reason."""

    comment = forms.CharField(
        label=_("退回意见"), required=True, widget=forms.Textarea(attrs={"rows": 4})
    )


FORMS = {"approve": ApproveForm, "reject": RejectForm}
