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
    upload_kind_group = "any"

    def clean(self):
        cleaned_data = super().clean()
        upload = self.files.get(self.add_prefix("file")) if "file" in self.fields else None
        if isinstance(upload, UploadedFile):
            try:
                upload_check(upload, upload.name, kind_group=self.upload_kind_group)
            except ValidationError as refusal:
                self.add_error("file", refusal)
        return cleaned_data


class ScannedDocumentForm(UploadCheckMixin, BaseDocumentForm):
    upload_kind_group = "document"


class ScannedImageForm(UploadCheckMixin, BaseImageForm):
    upload_kind_group = "image"
