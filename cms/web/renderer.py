"""Hands the public site's page contexts to the page types (``columns.interfaces``)."""

from cms.web.article import article_context, miniprogram_context
from cms.web.context import column_context, home_context, site_context
from columns import interfaces


def provide() -> None:
    interfaces.provide_renderer(
        interfaces.Renderer(
            site_context=site_context,
            home_context=home_context,
            column_context=column_context,
            article_context=article_context,
            miniprogram_context=miniprogram_context,
        )
    )
