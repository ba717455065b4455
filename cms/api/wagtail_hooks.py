"""Registers the admin's "在小程序中预览" button and page (R-24); imported by CmsConfig.ready()."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.api.admin_views import PREVIEW_LABEL, preview_mint
from cms.api.preview import user_may_preview
from columns.models import ArticlePage


@hooks.register("register_admin_urls")
def preview_urls():
    return [path("xiuying-api/preview/<int:page_id>/", preview_mint, name="xiuying_api_preview")]


@hooks.register("register_page_header_buttons")
def preview_button(page, user, view_name, next_url=None):
    if page.specific_class is ArticlePage and user_may_preview(user, page.specific_deferred):
        url = reverse("xiuying_api_preview", args=[page.pk])
        yield Button(PREVIEW_LABEL, url, icon_name="mobile-alt", priority=75)
