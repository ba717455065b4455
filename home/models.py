import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from columns import interfaces
from columns.permissions import XiuyingPermissionsMixin
from columns.public import PublicPageMixin

ICP_FILING_URL = "https://beian.miit.gov.cn/"
POLICE_FILING_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


class HomePage(PublicPageMixin, XiuyingPermissionsMixin, Page):
    """The site root of 秀英党建网; its children are the columns."""

    intro = RichTextField(_("网站简介"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["columns.ColumnPage"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def web_context(self, request) -> dict:
        return interfaces.renderer().home_context(request, self)


def police_filing_url(number: str) -> str:
    """Pure: the Ministry of Public Security's page for a 公安备案号 ("琼公网安备46010502000123号"
    -> its digits in the query), or "" when the number has no digits."""
    code = "".join(re.findall(r"\d+", number or ""))
    return POLICE_FILING_URL.format(code=code) if code else ""


@register_setting(icon="site")
class SiteFooter(BaseSiteSetting):
    """The footer of every public page, as the rules for government websites ask: sponsor,
    the 党政机关网站标识, the ICP and public-security filings, the site code and contacts."""

    sponsor = models.CharField(_("主办单位"), max_length=100, blank=True)
    organiser = models.CharField(_("承办单位"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮编"), max_length=10, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    government_mark = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("党政机关网站标识"),
        help_text=_("机构编制部门核发的标识图片。"),
    )
    government_mark_url = models.URLField(
        _("标识链接"), blank=True, help_text=_("点击标识打开的党政机关网站标识查询页。")
    )
    icp_number = models.CharField(
        _("ICP备案号"), max_length=50, blank=True, help_text=_("如：琼ICP备12345678号-1")
    )
    police_number = models.CharField(
        _("公安机关备案号"),
        max_length=50,
        blank=True,
        help_text=_("如：琼公网安备46010502000123号"),
    )
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True)

    select_related = ["government_mark"]
    panels = [
        MultiFieldPanel([FieldPanel("sponsor"), FieldPanel("organiser")], heading=_("主办与承办")),
        MultiFieldPanel(
            [FieldPanel(name) for name in ("address", "postcode", "phone", "email")],
            heading=_("联系方式"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("government_mark"),
                FieldPanel("government_mark_url"),
                FieldPanel("icp_number"),
                FieldPanel("police_number"),
                FieldPanel("site_code"),
            ],
            heading=_("标识与备案"),
        ),
    ]

    class Meta:
        verbose_name = _("网站页脚")
        verbose_name_plural = _("网站页脚")

    @property
    def icp_url(self) -> str:
        return ICP_FILING_URL

    @property
    def police_url(self) -> str:
        return police_filing_url(self.police_number)
