"""The scoring scheme as data, one per year, and the results of closed years (R-21, R-22).

Versioning: each year is computed strictly with its own scheme, and closing a year
(``liaisons.services.assessment_year_close``) stores the year's results and the scheme they were
computed with in an ``AssessmentYear``; from then on the reports of that year read the stored
results and the scheme of a closed year can no longer be changed. Next year's numbers are a new
row, so nothing needs a deployment.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from liaisons import scoring

SCHEME_YEAR_CLOSED = "{year}年度考核已结束归档，不能修改该年度的计分办法。"
NON_NEGATIVE = [MinValueValidator(Decimal(0))]
DEFAULTS = scoring.DEFAULT_NUMBERS


def _points(label, default):
    default = Decimal(str(default))
    return models.DecimalField(
        label, max_digits=6, decimal_places=2, default=default, validators=NON_NEGATIVE
    )


class ScoringScheme(models.Model):
    """One year's numbers; the field defaults are the default scheme (README, "Assessment")."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    notes = models.TextField(_("说明"), blank=True)
    points_text = _points(_("文字信息"), DEFAULTS["form_points"]["text"])
    points_pictures = _points(_("图片信息"), DEFAULTS["form_points"]["pictures"])
    points_video = _points(_("视频信息"), DEFAULTS["form_points"]["video"])
    points_document = _points(_("文件信息"), DEFAULTS["form_points"]["document"])
    grade_excellent = _points(_("评为“优”加分"), DEFAULTS["grade_points"]["excellent"])
    grade_good = _points(_("评为“良”加分"), DEFAULTS["grade_points"]["good"])
    grade_fair = _points(_("评为“中”加分"), DEFAULTS["grade_points"]["fair"])
    adoption_city = _points(_("市级采用"), DEFAULTS["adoption_points"]["city"])
    adoption_province = _points(_("省级采用"), DEFAULTS["adoption_points"]["province"])
    adoption_national = _points(_("国家级采用"), DEFAULTS["adoption_points"]["national"])
    endorsement_district = _points(_("区领导批示"), DEFAULTS["endorsement_points"]["district"])
    endorsement_city = _points(_("市领导批示"), DEFAULTS["endorsement_points"]["city"])
    endorsement_province = _points(_("省领导批示"), DEFAULTS["endorsement_points"]["province"])
    endorsement_highest_only = models.BooleanField(
        _("同一信息多级批示只按最高级别计分"), default=DEFAULTS["endorsement_highest_only"]
    )
    quarterly_quota = models.PositiveIntegerField(
        _("每单位每季度发布任务（条）"), default=DEFAULTS["quarterly_quota"]
    )
    quota_deduction = _points(_("每少一条扣分"), DEFAULTS["quota_deduction"])
    rejected_deduction = _points(_("每条退回信息扣分"), DEFAULTS["rejected_deduction"])
    late_deduction = _points(_("每条迟报信息扣分"), DEFAULTS["late_deduction"])
    late_after_days = models.PositiveIntegerField(
        _("起草后超过几天报送为迟报"), default=DEFAULTS["late_after_days"]
    )
    column_base_points = _points(_("栏目基础分"), DEFAULTS["column_base_points"])
    column_item_cap = _points(_("栏目发布信息得分上限"), DEFAULTS["column_item_cap"])
    column_overdue_deduction = _points(
        _("栏目超期未更新每天扣分"), DEFAULTS["column_overdue_deduction"]
    )
    column_empty_deduction = _points(_("空白栏目扣分"), DEFAULTS["column_empty_deduction"])

    panels = [
        FieldPanel("year"),
        FieldPanel("notes"),
        MultiFieldPanel(
            [
                FieldRowPanel(["points_text", "points_pictures"]),
                FieldRowPanel(["points_video", "points_document"]),
                FieldRowPanel(["grade_excellent", "grade_good", "grade_fair"]),
            ],
            heading=_("每条发布信息计分（按形式）及质量加分（按等级）"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(["adoption_city", "adoption_province", "adoption_national"]),
                FieldRowPanel(["endorsement_district", "endorsement_city", "endorsement_province"]),
                FieldPanel("endorsement_highest_only"),
            ],
            heading=_("上级采用（每家媒体累计加分）与领导批示加分"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(["quarterly_quota", "quota_deduction"]),
                FieldRowPanel(["rejected_deduction", "late_deduction", "late_after_days"]),
            ],
            heading=_("任务与扣分"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(["column_base_points", "column_item_cap"]),
                FieldRowPanel(["column_overdue_deduction", "column_empty_deduction"]),
            ],
            heading=_("栏目考核"),
        ),
    ]

    class Meta:
        verbose_name = _("计分办法")
        verbose_name_plural = _("计分办法")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度计分办法"

    def clean(self):
        super().clean()
        if self.year and AssessmentYear.objects.filter(year=self.year).exists():
            raise ValidationError(SCHEME_YEAR_CLOSED.format(year=self.year))

    def numbers(self) -> dict:
        """The scheme as plain numbers, the shape ``scoring.scheme_from_numbers`` reads."""
        grouped = {
            "form_points": {form: getattr(self, f"points_{form}") for form in scoring.FORMS},
            "grade_points": {grade: getattr(self, f"grade_{grade}") for grade in scoring.GRADES},
            "adoption_points": {
                level: getattr(self, f"adoption_{level}") for level in scoring.ADOPTION_LEVELS
            },
            "endorsement_points": {
                level: getattr(self, f"endorsement_{level}") for level in scoring.ENDORSEMENT_LEVELS
            },
        }
        flat = {name: getattr(self, name) for name in DEFAULTS if name not in grouped}
        return {**grouped, **flat}


class AssessmentYear(models.Model):
    """A closed year: the results as computed at closing, and the scheme they used."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    closed_at = models.DateTimeField(_("归档时间"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("归档人"),
    )
    scheme = models.JSONField(_("计分办法存档"))
    columns = models.JSONField(_("栏目考核结果"))
    liaisons = models.JSONField(_("联络员排名结果"))

    class Meta:
        verbose_name = _("年度考核归档")
        verbose_name_plural = _("年度考核归档")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度考核归档"
