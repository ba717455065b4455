from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from columns.permissions import XiuyingPermissionsMixin


class HomePage(XiuyingPermissionsMixin, Page):
    """The site root of 秀英党建网; its children are the columns."""

    intro = RichTextField(_("网站简介"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["columns.ColumnPage"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")
