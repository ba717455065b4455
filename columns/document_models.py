from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentUse(models.Model):
    """A document some revision of an item uses (body or original materials), and whether it is
    in the body of the item's live content: what the document privacy rule reads
    (``columns.document_rules``). Written by ``columns.document_services`` at every revision
    saved and every release; rows stay while the item and the document do, so whoever could
    read a document through an item keeps reading it in the item's history."""

    article = models.ForeignKey(
        "columns.ArticlePage",
        on_delete=models.CASCADE,
        related_name="document_uses",
        verbose_name=_("信息"),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("文件")
    )
    in_live_body = models.BooleanField(_("在线上正文中"), default=False)

    class Meta:
        verbose_name = _("信息所用文件")
        verbose_name_plural = _("信息所用文件")
        constraints = [
            models.UniqueConstraint(fields=["article", "document"], name="columns_document_use")
        ]
        indexes = [models.Index(fields=["document", "in_live_body"])]

    def __str__(self):
        return f"{self.article_id}: {self.document_id}"
