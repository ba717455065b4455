"""Registers the security audit, its signals and checks (R-13..R-15, R-18).

Imported from ``cms/wagtail_hooks.py``; Wagtail imports the hooks modules while the app registry
starts (``wagtail.snippets`` searches for hooks in its ``ready()``), so the receivers are
connected before any request or script runs.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.urls import include, path
from wagtail import hooks
from wagtail.signals import page_unpublished
from wagtail_modeladmin.options import modeladmin_register

from cms.security import admin_views, alerts, checks  # noqa: F401 - checks register themselves
from columns.models import ArticlePage

modeladmin_register(admin_views.SecurityEventAdmin)

user_locked_out.connect(alerts.on_user_locked_out, dispatch_uid="xiuying_alert_lockout")
user_login_failed.connect(alerts.on_user_login_failed, dispatch_uid="xiuying_alert_spray")
page_unpublished.connect(
    alerts.on_article_unpublished, sender=ArticlePage, dispatch_uid="xiuying_security_takedown"
)


@hooks.register("register_admin_urls")
def register_security_audit_urls():
    return [path("xiuying/security/", include((admin_views.urlpatterns, "xiuying_security")))]


@hooks.register("register_admin_menu_item")
def register_security_audit_menu_item():
    return admin_views.audit_menu_item()
