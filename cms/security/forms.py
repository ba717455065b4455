"""The admin's sign-in form in Chinese, and Wagtail's document and image forms with the upload
check (R-15).

``LoginForm`` is ``WAGTAILADMIN_USER_LOGIN_FORM``: Wagtail's own declares its password field
without a label, so Django shows the field's name, "Password", untranslated.

The upload forms:
Set as ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and ``WAGTAILIMAGES_IMAGE_FORM_BASE``: Wagtail 8 builds
every document and image form from these bases, the single add and edit views, the multiple
uploader's add view (``get_document_form`` / ``get_image_form`` in
``wagtail/*/views/multiple.py``), the choosers' upload tabs and the v3 API's ``form_data``. The
check runs in ``clean()``, which Django calls even when a field already failed, so an infected
file is reported as infected whatever Wagtail's own image check thought of it.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from cms.security.uploads import upload_check


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("密码")


class UploadCheckMixin:
    """A refused upload shows the refusal alone: it replaces what the file field itself said
    (Django's "所提交的是空文件"), and the model's own check of the file, which runs after
    ``clean()`` on the instance whose file was never set (``Document.clean`` then reads an empty
    name: "文件扩展“”是不被允许"), is not shown."""

    upload_kind_group = "any"
    upload_refused = False

    def clean(self):
        cleaned_data = super().clean()
        upload = self.files.get(self.add_prefix("file")) if "file" in self.fields else None
        if isinstance(upload, UploadedFile):
            try:
                upload_check(upload, upload.name, kind_group=self.upload_kind_group)
            except ValidationError as refusal:
                self.upload_refused = True
                self._errors.pop("file", None)
                self.add_error("file", refusal)
        return cleaned_data

    def add_error(self, field, error):
        if self.upload_refused and field is None and hasattr(error, "error_dict"):
            error = ValidationError({k: v for k, v in error.error_dict.items() if k != "file"})
        super().add_error(field, error)


class ScannedDocumentForm(UploadCheckMixin, BaseDocumentForm):
    upload_kind_group = "document"


class ScannedImageForm(UploadCheckMixin, BaseImageForm):
    upload_kind_group = "image"
