"""The screening lexicon as stored and edited, and what rescreening live content finds (R-12,
R-18): entries, lexicon versions, findings on live items, and incident records.

The rules live in ``cms.screening`` (pure) and ``cms.screening.services``; these models hold
fields, choices and ``clean()`` only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from cms.screening.engine import (
    CATEGORIES,
    HIT_KIND_LABELS,
    KIND_LABELS,
    Dismissed,
    Entry,
    Title,
    entry_problem,
    normalize_term,
)
from cms.screening.engine import Leader as EngineLeader

KIND_CHOICES = [(kind.value, label) for kind, label in KIND_LABELS.items()]
HIT_KIND_CHOICES = [(kind.value, label) for kind, label in HIT_KIND_LABELS.items()]
TITLE_DATES_REVERSED = "任职起始日期不能晚于终止日期。"
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
    term = models.CharField(
        _("词条"),
        max_length=100,
        db_index=True,
        help_text=_("规范表述填写匹配式（正则表达式），如“习近平[^，。]{0,8}思想”。"),
    )
    suggestion = models.CharField(
        _("正确写法"),
        max_length=100,
        blank=True,
        help_text=_("严重表述错误填写正确写法；规范表述填写规范全称。"),
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
    kind = models.CharField(_("类型"), max_length=16, choices=HIT_KIND_CHOICES)
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


# The leaders register (issue 16): who holds which title when, and who may not be presented as
# an office-holder any more. Edited by 网站专管员 and 网站管理员 through the actions of
# ``cms.screening.leaders``, which version every change like the lexicon's.


class Leader(ClusterableModel):
    name = models.CharField(_("姓名"), max_length=20, unique=True)
    protocol_order = models.PositiveIntegerField(
        _("排序"), default=100, help_text=_("领导同志的排名顺序，数字越小越靠前。")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("protocol_order"),
        InlinePanel("titles", label=_("职务"), min_num=1),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("领导同志")
        verbose_name_plural = _("领导同志名录")
        ordering = ["protocol_order", "name"]

    def __str__(self):
        return self.name

    def as_leader(self) -> EngineLeader:
        titles = tuple(Title(t.title, t.valid_from, t.valid_to) for t in self.titles.all())
        return EngineLeader(self.name, titles, self.protocol_order)


class LeaderTitle(Orderable):
    """One title of a leader, current (no end date) or former."""

    leader = ParentalKey(Leader, on_delete=models.CASCADE, related_name="titles")
    title = models.CharField(
        _("职务"), max_length=60, help_text=_("按规范全称填写，如“区委书记”。")
    )
    valid_from = models.DateField(_("任职起始日期"), null=True, blank=True)
    valid_to = models.DateField(
        _("任职终止日期"), null=True, blank=True, help_text=_("现任职务不填；免去后填写。")
    )

    panels = [FieldPanel("title"), FieldPanel("valid_from"), FieldPanel("valid_to")]

    class Meta(Orderable.Meta):
        verbose_name = _("职务")
        verbose_name_plural = _("职务")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValidationError(TITLE_DATES_REVERSED)


class DismissedPerson(models.Model):
    """A person who must not be presented as an office-holder from ``since`` on."""

    name = models.CharField(_("姓名"), max_length=20, unique=True)
    since = models.DateField(_("起始日期"), help_text=_("自该日起，带现任职务提及即不得发布。"))
    titles = models.CharField(
        _("原任职务"),
        max_length=255,
        blank=True,
        help_text=_("以顿号分隔，如“区委常委、宣传部部长”。"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("不得称现职人员")
        verbose_name_plural = _("不得称现职人员")
        ordering = ["-since", "name"]

    def __str__(self):
        return self.name

    def as_dismissed(self) -> Dismissed:
        titles = tuple(t.strip() for t in self.titles.replace(",", "、").split("、") if t.strip())
        return Dismissed(self.name, self.since, titles)


class LeaderRegisterVersion(models.Model):
    """One state of the leaders register; a new row after every change."""

    fingerprint = models.CharField(_("指纹"), max_length=64)
    leader_count = models.PositiveIntegerField(_("领导人数"))
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
        verbose_name = _("名录版本")
        verbose_name_plural = _("名录版本")
        ordering = ["-pk"]

    def __str__(self):
        return f"#{self.pk} {self.note}"


class RescreenRun(models.Model):
    """One rescreening of the live items in the worker, with its progress for the admin."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("复查中")
        FINISHED = "finished", _("已完成")
        FAILED = "failed", _("失败")

    reason = models.CharField(_("原因"), max_length=255)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("待复查"), default=0)
    done = models.PositiveIntegerField(_("已复查"), default=0)
    new_findings = models.PositiveIntegerField(_("新发现"), default=0)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("复查任务")
        verbose_name_plural = _("复查任务")
        ordering = ["-pk"]

    def __str__(self):
        return f"#{self.pk} {self.reason}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)


class OcrText(models.Model):
    """Text recognised in an image or a scanned PDF, once per file content (its hash)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("识别中")
        DONE = "done", _("已识别")
        FAILED = "failed", _("无法识别")

    file_hash = models.CharField(_("文件哈希"), max_length=64, unique=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    text = models.TextField(_("识别文字"), blank=True)
    problem = models.CharField(_("问题"), max_length=255, blank=True)
    pages = models.PositiveIntegerField(_("识别页数"), default=0)
    seconds = models.FloatField(_("耗时（秒）"), default=0)
    updated_at = models.DateTimeField(_("时间"), auto_now=True)

    class Meta:
        verbose_name = _("图片文字识别")
        verbose_name_plural = _("图片文字识别")

    def __str__(self):
        return self.file_hash
