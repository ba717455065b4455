"""Signal receivers of the compliance watch, connected from ``ComplianceConfig.ready``: no save
backdates an item (``dates``); a page
published, unpublished or deleted, or a document deleted, rebuilds the broken-link findings of
the live items that link to it (and of the page itself), once the change commits."""

from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished


def connect() -> None:
    from wagtail.models import Revision

    from cms.compliance import dates
    from columns.models import ArticlePage

    pre_save.connect(dates.refuse_backdated_page, sender=ArticlePage, dispatch_uid="xiuying_dates")
    pre_save.connect(
        dates.refuse_backdated_revision, sender=Revision, dispatch_uid="xiuying_dates_revision"
    )
    page_published.connect(_page_changed, dispatch_uid="xiuying_compliance_published")
    page_unpublished.connect(_page_changed, dispatch_uid="xiuying_compliance_unpublished")
    pre_delete.connect(_target_deleted, dispatch_uid="xiuying_compliance_deleted")


def _page_changed(sender, instance, **kwargs):
    _rescan_after_commit(instance, include_self=True)


def _target_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page | get_document_model()):
        _rescan_after_commit(instance, include_self=False)


def _rescan_after_commit(target, *, include_self: bool) -> None:
    from cms.compliance.linkscan import live_referrers
    from cms.compliance.tasks import links_rescan_task

    ids = [item.pk for item in live_referrers(target)]
    if include_self and isinstance(target, Page):
        ids.append(target.pk)
    if ids:
        transaction.on_commit(lambda: links_rescan_task.enqueue(sorted(set(ids))))
