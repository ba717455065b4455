"""Registers the records' admin (R-10, R-11) and the takedown button (R-18) with Wagtail."""

from django.urls import include, path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from workflows.viewsets import ChainRecordsGroup, TakedownMenuItem, approval_form_page_buttons

modeladmin_register(ChainRecordsGroup)


@hooks.register("register_admin_urls")
def register_records_urls():
    return [path("xiuying/", include("workflows.urls"))]


@hooks.register("register_page_header_buttons")
def records_header_buttons(page, user, view_name, next_url=None):
    yield TakedownMenuItem(page=page, priority=62)
    yield from approval_form_page_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def takedown_listing_button(page, user, next_url=None):
    yield TakedownMenuItem(page=page, priority=41)
