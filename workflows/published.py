"""What the public may see: only live, public content approved by the whole chain (R-04, R-08,
R-24). The API, the public site and the document privacy rule all read it from here.

"Published" means all of: live; under the default site's home page; no view restriction on the
item or any ancestor; every column above it live; and its live revision approved by the whole
chain (an approved ``ApprovalForm`` for exactly that revision). The page row holds the live
revision's content, so a newer draft never shows.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from wagtail.models import Page, Site

from columns.models import ArticlePage, ColumnPage
from workflows.models import ApprovalForm


def site_root() -> Page | None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


@dataclass(frozen=True)
class Scope:
    """What the public may see, read once per request (three queries): the site's root, and
    the branches hidden below it (view restrictions, columns that are not live)."""

    root: Page | None
    hidden: Q


def published_scope() -> Scope:
    root = site_root()
    if root is None or not root.live:
        return Scope(None, Q())
    hidden = Page.objects.all().private_q()
    for column in ColumnPage.objects.descendant_of(root).filter(live=False).only("path", "depth"):
        # Wagtail leaves a column's items live when only the column comes down.
        hidden |= Q(path__startswith=column.path, depth__gt=column.depth)
    return Scope(root, hidden)


def _visible(queryset, scope: Scope):
    if scope.root is None:
        return queryset.none()
    return queryset.live().descendant_of(scope.root).exclude(scope.hidden)


def published_columns(scope: Scope):
    return _visible(ColumnPage.objects.all(), scope)


def published_articles(scope: Scope):
    approved = ApprovalForm.objects.filter(
        approved_revision_id=OuterRef("live_revision_id"), status=ApprovalForm.Status.APPROVED
    )
    return _visible(ArticlePage.objects.filter(Exists(approved)), scope)
