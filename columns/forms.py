"""The item editor's form: the documents it chooses must be readable by the editing account,
and its body counts as changed only when its content changed (``columns.content_changes``)."""

from functools import partial

from wagtail.admin.forms import WagtailAdminPageForm

from columns import document_rules
from columns.content_changes import stream_changed


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields.get("body")
        if body is not None:
            # An approver who only presses 同意 must not make a new revision (issue 17).
            body.has_changed = partial(stream_changed, body.block)

    def clean(self):
        from columns.document_services import DocumentNotReadable, check_may_choose_documents

        cleaned_data = super().clean()
        try:
            check_may_choose_documents(user=self.for_user, document_ids=self.chosen_document_ids())
        except DocumentNotReadable as refusal:
            self.add_error(None, str(refusal))
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
