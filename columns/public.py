"""What the public pages add to Wagtail's ``Page``: their context, their preview modes (电脑版,
手机版 and, for items, 小程序). The context itself is drawn by the public site (``cms.web``),
through ``columns.interfaces``. Who may see a page is decided before ``serve``, when its
address is looked up (``cms/web/routing.py``)."""

from django.utils.translation import gettext_lazy as _

from columns import interfaces

PREVIEW_DESKTOP = ""
PREVIEW_PHONE = "phone"
PREVIEW_MINIPROGRAM = "miniprogram"
MINIPROGRAM_TEMPLATE = "web/preview_miniprogram.html"


class PublicPageMixin:
    """Mixed into HomePage, ColumnPage and ArticlePage; ``web_context(request)`` gives what
    the page's own template shows."""

    web_preview_modes = [(PREVIEW_DESKTOP, _("电脑版")), (PREVIEW_PHONE, _("手机版"))]

    @property
    def preview_modes(self):
        return self.web_preview_modes

    def web_context(self, request) -> dict:
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = interfaces.renderer().site_context(request)
        return {**context, **site, **self.web_context(request)}
