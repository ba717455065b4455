"""The item editor's form: the documents it chooses must be readable by the editing account,
and its body counts as changed only when its content changed (``columns.content_changes``)."""

from functools import partial

from wagtail.admin.forms import WagtailAdminPageForm

from columns import document_rules, interfaces
from columns.content_changes import stream_changed

DOCUMENT_NOT_READABLE = (
    "不能选用您无权查看的文件（编号：{ids}）：只能选用本人上传、本单位信息所用或已公开的文件。"
)


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields.get("body")
        if body is not None:
            # An approver who only presses 同意 must not make a new revision (issue 17).
            body.has_changed = partial(stream_changed, body.block)

    def clean(self):
        # Nobody puts in an item a document they may not read: the item would make it readable
        # to them (its writers read its documents) and, once released, to everyone.
        cleaned_data = super().clean()
        chosen = self.chosen_document_ids()
        refused = interfaces.chain().documents_not_readable(self.for_user, chosen)
        if refused:
            self.add_error(None, DOCUMENT_NOT_READABLE.format(ids="、".join(map(str, refused))))
        return cleaned_data

    def chosen_document_ids(self) -> set[int]:
        body = self.cleaned_data.get("body")
        ids = document_rules.body_document_ids(body.raw_data) if body is not None else set()
        materials = self.formsets.get("original_materials")
        # The cluster form cleans its formsets after this form (modelcluster's is_valid).
        if materials is None or not materials.is_valid():
            return ids
        for form in materials.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("document") and not data.get("DELETE"):
                ids.add(data["document"].pk)
        return ids
