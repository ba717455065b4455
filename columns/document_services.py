"""Writes of the document index (``DocumentUse``), kept in step with items: every revision saved
records the documents it uses, every release marks those of the live body (R-03, R-08)."""

from collections.abc import Iterable

from django.db import transaction
from wagtail.documents import get_document_model

from columns.models import DocumentUse


def document_uses_record(*, article_id: int, document_ids: Iterable[int]) -> None:
    """``article_id`` uses these documents (ids of deleted documents are left out)."""
    existing = get_document_model().objects.filter(pk__in=set(document_ids))
    rows = [
        DocumentUse(article_id=article_id, document_id=pk)
        for pk in existing.values_list("pk", flat=True)
    ]
    DocumentUse.objects.bulk_create(rows, ignore_conflicts=True)


@transaction.atomic
def document_uses_release(*, article_id: int, body_document_ids: Iterable[int]) -> None:
    """The live body of ``article_id`` now holds exactly ``body_document_ids``."""
    body_document_ids = set(body_document_ids)
    document_uses_record(article_id=article_id, document_ids=body_document_ids)
    uses = DocumentUse.objects.filter(article_id=article_id)
    uses.filter(in_live_body=True).exclude(document_id__in=body_document_ids).update(
        in_live_body=False
    )
    uses.filter(document_id__in=body_document_ids).update(in_live_body=True)
