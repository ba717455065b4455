from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.models import Unit

PERIOD_REVERSED = "任职结束日期不能早于开始日期。"


class Liaison(index.Indexed, ClusterableModel):
    """An information liaison (信息联络员) of a unit, article 6.1."""

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
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
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
