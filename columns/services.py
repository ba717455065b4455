"""Writes about articles, for scripts, the API and tests; the admin goes through Wagtail's views,
which ask the same rules through ``columns.permissions``."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from columns.models import ArticlePage, ColumnPage
from columns.permissions import (
    ARTICLE_EDIT_DENIED,
    check_can_write_in_column,
    user_can_edit_article,
)


@transaction.atomic
def article_create(*, user, column: ColumnPage, title: str, **fields) -> ArticlePage:
    """Create an item as a draft in ``column`` with ``user`` as its drafter (R-02, R-03)."""
    check_can_write_in_column(user, column)
    materials = fields.pop("original_materials", [])
    article = ArticlePage(title=title, owner=user, drafter=user, live=False, **fields)
    for material in materials:
        article.original_materials.add(material)
    column.add_child(instance=article)
    article.save_revision(user=user, log_action=True)
    return article


@transaction.atomic
def article_update(*, user, article: ArticlePage, **fields):
    """Save a new draft revision of ``article`` with ``fields`` changed; never publishes."""
    article = article.get_latest_revision_as_object()
    if not user_can_edit_article(user, article):
        raise PermissionDenied(ARTICLE_EDIT_DENIED)
    for name, value in fields.items():
        setattr(article, name, value)
    return article.save_revision(user=user, log_action=True)
