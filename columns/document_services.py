"""Writes of the document index (``DocumentUse``), kept in step with items: every revision saved
records the documents it uses, every release marks those of the live body (R-03, R-08)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.documents import get_document_model

from columns.document_selectors import documents_not_readable
from columns.models import DocumentUse

DOCUMENT_NOT_READABLE = (
    "不能选用您无权查看的文件（编号：{ids}）：只能选用本人上传、本单位信息所用或已公开的文件。"
)


class DocumentNotReadable(PermissionDenied):
    pass


def check_may_choose_documents(*, user, document_ids: Iterable[int]) -> None:
    """Nobody puts in an item a document they may not read: the item would make it readable
    to them (its writers read its documents) and, once released, to everyone. Asked by the
    item editor's form, where accounts choose documents by id (``columns.forms``); scripts
    and the services run as trusted code."""
    refused = documents_not_readable(user, document_ids)
    if refused:
        raise DocumentNotReadable(DOCUMENT_NOT_READABLE.format(ids="、".join(map(str, refused))))


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
