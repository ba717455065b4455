from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.conf import get_setting
from cms.core.models import Unit, UnitKind
from cms.core.selectors import user_unit_id
from columns import interfaces, rules
from columns.blocks import ArticleBodyBlock
from columns.forms import ArticlePageForm
from columns.permissions import (
    COLUMN_WRITE_DENIED,
    XiuyingPermissionsMixin,
    user_can_write_in_column,
)
from columns.public import MINIPROGRAM_TEMPLATE, PREVIEW_MINIPROGRAM, PublicPageMixin

DRAFTER_REQUIRED = "须指定拟稿人。"
SOURCE_UNIT_NOT_CONTRIBUTING = "来源单位不是该栏目的责任科室或报送单位。"
RESPONSIBLE_NOT_SECTION = "栏目责任科室必须是组织部科室。"
RELEASE_NOT_APPROVED = "该版本未经完整审批链核准，不能发布。"
TITLE_ONLY_TAGS = "标题不能只含HTML标签，请填写文字标题。"


class ReleaseNotApproved(PermissionDenied):
    pass


class ColumnKind(models.TextChoices):
    NEWS = "news", _("动态")
    NOTICES = "notices", _("通知公告")
    POLICY = "policy", _("政策文件")
    EXPERIENCE = "experience", _("经验交流")
    OTHER = "other", _("其他")


class ItemKind(models.TextChoices):
    WORK_FOCUS = "work_focus", _("工作重点")
    HOT_ISSUE = "hot_issue", _("热点难点问题")
    MAJOR_EVENT = "major_event", _("重大活动、重大事件")
    LEADERSHIP_SPEECH = "leadership_speech", _("领导讲话精神")
    GOOD_PRACTICE = "good_practice", _("好做法、好经验")
    OTHER = "other", _("其他")


class ContentForm(models.TextChoices):
    TEXT = "text", _("文字")
    PICTURES = "pictures", _("图片")
    VIDEO = "video", _("视频")
    DOCUMENT = "document", _("文件")


class ColumnPage(PublicPageMixin, XiuyingPermissionsMixin, Page):
    """A column (栏目), owned by one responsible department (R-01)."""

    description = models.TextField(_("栏目说明"), blank=True)
    responsible_department = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="owned_columns",
        limit_choices_to={"kind": UnitKind.SECTION},
        verbose_name=_("责任科室"),
    )
    contributing_units = ParentalManyToManyField(
        Unit,
        blank=True,
        related_name="contributed_columns",
        verbose_name=_("报送单位"),
        help_text=_("这些单位的信息联络员可以向本栏目报送信息；责任科室总是可以。"),
    )
    column_kind = models.CharField(
        _("栏目类型"), max_length=20, choices=ColumnKind.choices, default=ColumnKind.NEWS
    )
    update_interval_days = models.PositiveIntegerField(
        _("更新周期（天）"),
        blank=True,
        help_text=_("超过该天数未更新即提示；留空按栏目类型取默认值。"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("responsible_department"),
                FieldPanel("contributing_units", widget=forms.CheckboxSelectMultiple),
                FieldPanel("column_kind"),
                FieldPanel("update_interval_days"),
            ],
            heading=_("责任与更新"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]

    xiuying_kind = "column"
    parent_page_types = ["home.HomePage", "columns.ColumnPage"]
    subpage_types = ["columns.ColumnPage", "columns.ArticlePage"]

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    @classmethod
    def can_create_at(cls, parent):
        # One level of sub-columns: a column under a column whose parent is not a column.
        if not super().can_create_at(parent):
            return False
        if parent.specific_class is ColumnPage:
            return parent.get_parent().specific_class is not ColumnPage
        return True

    # Wagtail validates drafts with minimal_clean() and live pages with clean(): the rules of
    # the model hold for both.
    def clean(self):
        super().clean()
        self._apply_column_rules()

    def minimal_clean(self):
        super().minimal_clean()
        self._apply_column_rules()

    def _apply_column_rules(self):
        if self.update_interval_days is None:
            self.update_interval_days = get_setting("UPDATE_INTERVAL_DAYS")[self.column_kind]
        if self.responsible_department_id and self.responsible_department.kind != UnitKind.SECTION:
            raise ValidationError({"responsible_department": RESPONSIBLE_NOT_SECTION})

    def web_context(self, request) -> dict:
        return interfaces.renderer().column_context(request, self)

    def contributing_unit_ids(self) -> set[int]:
        if self.pk is None:
            return {unit.pk for unit in self.contributing_units.all()}
        return set(self.contributing_units.values_list("pk", flat=True))


class ArticlePage(PublicPageMixin, XiuyingPermissionsMixin, Page):
    """An item (信息) in a column, with the fields R-03 asks for."""

    summary = models.TextField(_("摘要"), blank=True, max_length=500)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("正文"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("封面图"),
    )
    source_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("来源单位"),
        blank=True,
        help_text=_("留空则取拟稿人所属单位。"),
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="drafted_articles",
        verbose_name=_("拟稿人"),
        blank=True,
        editable=False,
    )
    liaison = models.ForeignKey(
        "liaisons.Liaison",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("信息联络员"),
    )
    item_kind = models.CharField(
        _("信息类别"), max_length=32, choices=ItemKind.choices, default=ItemKind.WORK_FOCUS
    )
    is_major_sensitive = models.BooleanField(
        _("重大、敏感信息"),
        default=False,
        help_text=_("勾选后须报请组织部长签批后才能发布。"),
    )
    content_form = models.CharField(
        _("信息形式"),
        max_length=16,
        choices=ContentForm.choices,
        default=ContentForm.TEXT,
        editable=False,
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("source_unit"),
                FieldPanel("liaison"),
                FieldPanel("item_kind"),
                FieldPanel("is_major_sensitive"),
            ],
            heading=_("报送信息"),
        ),
        InlinePanel("original_materials", label=_("原始资料"), heading=_("原始资料")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("source_unit"),
        index.FilterField("item_kind"),
    ]

    base_form_class = ArticlePageForm
    xiuying_kind = "item"
    parent_page_types = ["columns.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("信息")
        verbose_name_plural = _("信息")

    web_preview_modes = PublicPageMixin.web_preview_modes + [(PREVIEW_MINIPROGRAM, _("小程序"))]

    def web_context(self, request) -> dict:
        return interfaces.renderer().article_context(request, self)

    def get_preview_template(self, request, mode_name):
        if mode_name == PREVIEW_MINIPROGRAM:
            return MINIPROGRAM_TEMPLATE
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request, mode_name):
        if mode_name == PREVIEW_MINIPROGRAM:
            web = interfaces.renderer()
            return {
                "page": self,
                **web.site_context(request),
                **web.miniprogram_context(request, self),
            }
        return super().get_preview_context(request, mode_name)

    def get_workflow(self):
        # Every item goes through the chain, wherever it sits and whatever is assigned in the
        # admin: the approval chain is the regulation, not a per-section choice.
        return interfaces.chain().workflow()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def save(self, *args, **kwargs):
        self._refuse_unreleased_live_revision(kwargs.get("update_fields"))
        return super().save(*args, **kwargs)

    def _refuse_unreleased_live_revision(self, update_fields):
        # The publishing gate of R-08, beneath every path that goes through save(): a live item
        # must show a revision the whole chain approved.
        if not self.live or (update_fields and not {"live", "live_revision"} & set(update_fields)):
            return
        if not interfaces.chain().revision_is_released(self.live_revision_id):
            raise ReleaseNotApproved(RELEASE_NOT_APPROVED)

    @cached_property
    def column(self) -> ColumnPage | None:
        parent = self.get_parent() if self.path else None
        return parent.specific if parent and parent.specific_class is ColumnPage else None

    def clean(self):
        super().clean()
        self._apply_item_rules()

    def minimal_clean(self):
        super().minimal_clean()
        self._apply_item_rules()

    def _apply_item_rules(self):
        self._keep_plain_text()
        self.content_form = rules.content_form(block.block_type for block in self.body)
        self._fill_drafter_and_source()
        if self.pk is None:
            self._check_new_item_may_be_written()

    def _keep_plain_text(self):
        self.title, self.summary = rules.plain_text(self.title), rules.plain_text(self.summary)
        self.draft_title = rules.plain_text(self.draft_title)
        if not self.title.strip():
            raise ValidationError({"title": TITLE_ONLY_TAGS})

    def _fill_drafter_and_source(self):
        if self.drafter_id is None and self.owner_id is not None:
            self.drafter_id = self.owner_id
        if self.drafter_id is None:
            raise ValidationError(DRAFTER_REQUIRED)
        if self.source_unit_id is None:
            self.source_unit_id = user_unit_id(self.drafter)

    def _check_new_item_may_be_written(self):
        # Model-level backstop for scripts that bypass the admin and the services.
        column = self.column
        if column is None:
            return
        if not user_can_write_in_column(self.drafter, column):
            raise ValidationError(COLUMN_WRITE_DENIED)
        allowed_units = column.contributing_unit_ids() | {column.responsible_department_id}
        if self.source_unit_id not in allowed_units:
            raise ValidationError({"source_unit": SOURCE_UNIT_NOT_CONTRIBUTING})


class ArticleMaterial(Orderable):
    """An original material (原始资料) archived with the item (R-03, R-11)."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="original_materials")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("文件")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("原始资料")
        verbose_name_plural = _("原始资料")


from columns.document_models import DocumentUse  # noqa: E402, F401
