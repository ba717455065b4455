"""The admin's branding: the site's name where Wagtail writes its own (issue 17, R-23)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name() -> str:
    """``WAGTAIL_SITE_NAME``: 秀英党建网."""
    return settings.WAGTAIL_SITE_NAME
