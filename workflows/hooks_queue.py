"""Registers the review queue, the overdue report and the editor notice (R-19, R-20)."""

from wagtail import hooks

from workflows import outcome, panels, reports

hooks.register("construct_homepage_panels", panels.homepage_panels_replace)
hooks.register("before_edit_page", panels.explain_absent_actions)
hooks.register("after_edit_page", outcome.back_to_queue_after_acting)
hooks.register("register_admin_urls", reports.admin_urls)
hooks.register("register_reports_menu_item", reports.menu_item)
