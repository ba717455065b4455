"""Registers the compliance watch with Wagtail: the report, its menu item, the dashboard panels."""

from wagtail import hooks

from cms.compliance import hidden_content, link_views, panels, urls
from cms.screening.services import SCREENING_HITS_HOOK

hooks.register("register_admin_urls", urls.admin_urls)
hooks.register("register_reports_menu_item", urls.checkup_menu_item)
hooks.register("register_reports_menu_item", urls.visits_menu_item)
hooks.register("construct_homepage_panels", panels.homepage_panels_append)
hooks.register(SCREENING_HITS_HOOK, hidden_content.article_hidden_hits)
hooks.register("before_unpublish_page", link_views.warn_before_unpublish)
hooks.register("before_delete_page", link_views.warn_before_delete)
hooks.register("before_edit_page", link_views.warn_in_editor)
