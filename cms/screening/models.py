"""The screening lexicon as stored and edited, and what rescreening live content finds (R-12,
R-18): entries, lexicon versions, findings on live items, and incident records.

The rules live in ``cms.screening`` (pure) and ``cms.screening.services``; these models hold
fields, choices and ``clean()`` only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.screening.engine import CATEGORIES, KIND_LABELS, Entry, entry_problem, normalize_term

KIND_CHOICES = [(kind.value, label) for kind, label in KIND_LABELS.items()]
CATEGORY_CHOICES = [(c.code, f"{c.number}. {c.label}") for c in CATEGORIES]
DUPLICATE_ENTRY = "词库中已有同类型的词条“{term}”（忽略空格、标点、大小写和繁简差异后相同）。"


class LexiconEntry(models.Model):
    """One entry of the lexicon: a forbidden term, a wrong form, a sensitive marker or an
    allow-listed phrase. Changed only through ``cms.screening.services`` so that every change
    makes a new ``LexiconVersion``."""

    kind = models.CharField(_("类型"), max_length=16, choices=KIND_CHOICES)
    category = models.CharField(
        _("类别"),
        max_length=32,
        choices=CATEGORY_CHOICES,
        blank=True,
        help_text=_("禁用词必填（须人工研判的类别不能设禁用词）；敏感提示可填；其他类型不填。"),
    )
    term = models.CharField(_("词条"), max_length=100, db_index=True)
    suggestion = models.CharField(
        _("正确写法"), max_length=100, blank=True, help_text=_("仅严重表述错误填写。")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        db_table = "cms_lexiconentry"
        verbose_name = _("筛查词条")
        verbose_name_plural = _("筛查词库")
        ordering = ["kind", "category", "term"]

    def __str__(self):
        return self.term

    def as_entry(self) -> Entry:
        return Entry(self.kind, self.term, self.category, self.suggestion, self.note)

    def clean(self):
        super().clean()
        if problem := entry_problem(self.as_entry()):
            raise ValidationError(problem)
        if self.active and self._active_duplicate_exists():
            raise ValidationError(DUPLICATE_ENTRY.format(term=self.term.strip()))

    def _active_duplicate_exists(self) -> bool:
        key = normalize_term(self.term)
        others = LexiconEntry.objects.filter(kind=self.kind, active=True).exclude(pk=self.pk)
        return any(normalize_term(term) == key for term in others.values_list("term", flat=True))


class LexiconVersion(models.Model):
    """One state of the lexicon; a new row after every change or import. Processes compare the
    latest row with the lexicon they compiled and recompile when it moved on."""

    fingerprint = models.CharField(_("指纹"), max_length=64)
    entry_count = models.PositiveIntegerField(_("启用词条数"))
    note = models.CharField(_("变更说明"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        db_table = "cms_lexiconversion"
        verbose_name = _("词库版本")
        verbose_name_plural = _("词库版本")
        ordering = ["-pk"]

    def __str__(self):
        return f"#{self.pk} {self.note}"


class ScreeningFinding(models.Model):
    """A blocking hit found on a live item by rescreening (R-18), for the site specialist."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        DISMISSED = "dismissed", _("已忽略")
        TAKEN_DOWN = "taken_down", _("已下线")

    article = models.ForeignKey(
        "columns.ArticlePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="screening_findings",
        verbose_name=_("信息"),
    )
    article_page_id = models.PositiveBigIntegerField(_("页面编号"))
    article_title = models.CharField(_("标题"), max_length=255)
    revision_id = models.PositiveBigIntegerField(_("线上版本"), null=True)
    kind = models.CharField(_("类型"), max_length=16, choices=KIND_CHOICES)
    category = models.CharField(_("类别"), max_length=32, choices=CATEGORY_CHOICES, blank=True)
    term = models.CharField(_("词条"), max_length=100)
    matched = models.CharField(_("原文"), max_length=200)
    field = models.CharField(_("位置"), max_length=200)
    start = models.PositiveIntegerField(_("起始字"))
    suggestion = models.CharField(_("正确写法"), max_length=100, blank=True)
    message = models.TextField(_("说明"))
    lexicon_version = models.ForeignKey(
        LexiconVersion,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("词库版本"),
    )
    found_at = models.DateTimeField(_("发现时间"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("处理人"),
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolution = models.TextField(_("处理说明"), blank=True)
    incident = models.ForeignKey(
        "cms_security.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("事件记录"),
    )

    class Meta:
        db_table = "cms_screeningfinding"
        verbose_name = _("复查发现")
        verbose_name_plural = _("复查发现")
        ordering = ["-found_at", "-pk"]
        constraints = [
            # Rescreening the same live revision again adds nothing, whatever was decided.
            models.UniqueConstraint(
                fields=["article_page_id", "revision_id", "kind", "term", "field", "start"],
                name="cms_finding_once_per_revision",
            )
        ]

    def __str__(self):
        return f"{self.article_title}：{self.term}"
