"""Liaisons (信息联络员) and their contribution records (article 6.1, R-21, R-22).

A ``Contribution`` is kept in step with the approval chain by ``liaisons.signals``: one per
submitted item, with the dates of each outcome. The 网站管理员 grades it after release and
records adoptions (采用) by higher-level outlets and leader endorsements (批示). The scoring
scheme and the closed years' results live in ``liaisons.scheme_models``.
"""

from django.conf import settings
from django.contrib.admin import display
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from cms.core.crypto.fields import EncryptedTextField
from cms.core.models import Unit
from columns.models import ContentForm

PERIOD_REVERSED = "任职结束日期不能早于开始日期。"


class Liaison(RevisionMixin, index.Indexed, ClusterableModel):
    """An information liaison (信息联络员) of a unit, article 6.1; edits are kept as revisions."""

    name = models.CharField(_("姓名"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_records",
        verbose_name=_("关联账号"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="liaisons", verbose_name=_("单位")
    )
    # Personal data, SM4-GCM at rest, in revisions too (issue 15, README "密评与防篡改").
    phone = EncryptedTextField(
        _("联系电话"), max_length=32, blank=True, purpose="liaisons.liaison.phone"
    )
    columns = ParentalManyToManyField(
        "columns.ColumnPage", blank=True, related_name="liaisons", verbose_name=_("负责栏目")
    )
    active_from = models.DateField(_("任职开始"))
    active_to = models.DateField(_("任职结束"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("user"),
        FieldPanel("unit"),
        FieldPanel("phone"),
        FieldPanel("columns"),
        FieldPanel("active_from"),
        FieldPanel("active_to"),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("unit")]

    class Meta:
        verbose_name = _("信息联络员")
        verbose_name_plural = _("信息联络员")
        ordering = ["unit__sort_order", "name"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def clean(self):
        super().clean()
        if self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": PERIOD_REVERSED})


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优")
    GOOD = "good", _("良")
    FAIR = "fair", _("中")


class Contribution(ClusterableModel):
    """信息报送记录: one submitted item, kept in step with the approval chain (R-21, R-22).

    Dates are of the first submission, first release and first rejection, so that an event
    belongs to exactly one period and closed periods do not change; a withdrawal keeps its
    latest date. The snapshots (title, liaison, unit, column, department, form) follow the item
    at each submission and release. Once released, later runs of the chain (edits of the live
    item) leave the status and the rejection date alone.
    """

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("审批中")
        RELEASED = "released", _("已发布")
        REJECTED = "rejected", _("退回修改")
        WITHDRAWN = "withdrawn", _("已撤回")

    article = models.OneToOneField(
        "columns.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contribution",
        verbose_name=_("信息"),
    )
    article_page_id = models.PositiveBigIntegerField(_("页面编号"), unique=True)
    title = models.CharField(_("标题"), max_length=255)
    liaison = models.ForeignKey(
        Liaison,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("信息联络员"),
    )
    unit = models.ForeignKey(
        Unit, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("来源单位")
    )
    column = models.ForeignKey(
        "columns.ColumnPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("栏目"),
    )
    department = models.ForeignKey(
        Unit, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("责任科室")
    )
    content_form = models.CharField(
        _("信息形式"), max_length=16, choices=ContentForm.choices, default=ContentForm.TEXT
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.IN_REVIEW
    )
    drafted_at = models.DateTimeField(_("起草时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), db_index=True)
    released_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    rejected_at = models.DateTimeField(_("首次退回时间"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    rejection_count = models.PositiveIntegerField(_("退回次数"), default=0)
    drafting_seconds = models.PositiveBigIntegerField(_("起草至报送（秒）"), null=True, blank=True)
    release_seconds = models.PositiveBigIntegerField(_("报送至发布（秒）"), null=True, blank=True)
    grade = models.CharField(_("质量等级"), max_length=16, choices=Grade.choices, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("评定人"),
    )
    graded_at = models.DateTimeField(_("评定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("信息报送记录")
        verbose_name_plural = _("信息报送记录")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["liaison", "released_at"], name="liaisons_contrib_liaison_rel"),
            models.Index(fields=["column", "released_at"], name="liaisons_contrib_column_rel"),
            models.Index(fields=["unit", "released_at"], name="liaisons_contrib_unit_rel"),
        ]

    def __str__(self):
        return self.title

    @property
    @display(description=_("报送至发布（天）"))
    def release_days(self) -> float | None:
        """Days from submission to release, one decimal (R-19)."""
        return None if self.release_seconds is None else round(self.release_seconds / 86400, 1)


class AdoptionLevel(models.TextChoices):
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("国家级")


class EndorsementLevel(models.TextChoices):
    DISTRICT = "district", _("区领导")
    CITY = "city", _("市领导")
    PROVINCE = "province", _("省领导")


class RecordedEvent(models.Model):
    """Something an administrator records about a released item after the fact."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        abstract = True


class Adoption(RecordedEvent):
    """采用: a higher-level outlet carried the item; each outlet adds its level's points."""

    contribution = ParentalKey(
        Contribution, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("信息")
    )

    level = models.CharField(_("采用级别"), max_length=16, choices=AdoptionLevel.choices)
    outlet = models.CharField(_("采用媒体或刊物"), max_length=100)
    adopted_on = models.DateField(_("采用日期"), db_index=True)

    panels = [FieldPanel("level"), FieldPanel("outlet"), FieldPanel("adopted_on")]

    class Meta:
        verbose_name = _("上级采用")
        verbose_name_plural = _("上级采用")
        ordering = ["adopted_on", "pk"]

    def __str__(self):
        return f"{self.get_level_display()}：{self.outlet}"


class Endorsement(RecordedEvent):
    """批示: a leader endorsed the item; scored by the leader's level."""

    contribution = ParentalKey(
        Contribution, on_delete=models.CASCADE, related_name="endorsements", verbose_name=_("信息")
    )

    level = models.CharField(_("批示级别"), max_length=16, choices=EndorsementLevel.choices)
    leader = models.CharField(_("批示领导"), max_length=100)
    endorsed_on = models.DateField(_("批示日期"), db_index=True)

    panels = [FieldPanel("level"), FieldPanel("leader"), FieldPanel("endorsed_on")]

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["endorsed_on", "pk"]

    def __str__(self):
        return f"{self.get_level_display()}：{self.leader}"


from liaisons.scheme_models import AssessmentYear, ScoringScheme  # noqa: E402, F401
