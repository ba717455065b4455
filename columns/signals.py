"""Keeps the document index in step with revisions and releases (``columns.document_services``)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from wagtail.models import Revision
from wagtail.signals import page_published

from columns import document_rules
from columns.document_services import document_uses_record, document_uses_release
from columns.models import ArticlePage


def on_revision_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    if instance.content_type_id != ContentType.objects.get_for_model(ArticlePage).pk:
        return
    document_uses_record(
        article_id=int(instance.object_id),
        document_ids=document_rules.revision_document_ids(instance.content),
    )


def on_published(sender, instance, revision, **kwargs):
    document_uses_release(
        article_id=instance.pk,
        body_document_ids=document_rules.revision_body_document_ids(revision.content),
    )


def connect():
    post_save.connect(on_revision_saved, sender=Revision, dispatch_uid="xiuying_document_uses")
    page_published.connect(
        on_published, sender=ArticlePage, dispatch_uid="xiuying_document_uses_release"
    )
