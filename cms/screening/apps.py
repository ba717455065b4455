from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "cms.screening"
    label = "cms_screening"
    verbose_name = _("内容审查")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Pictures and PDFs are read (OCR) in the worker as soon as they are uploaded.
        from django.db.models.signals import post_save
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from cms.screening.ocr_queue import on_file_saved

        for model in (get_image_model(), get_document_model()):
            post_save.connect(on_file_saved, sender=model, dispatch_uid=f"xiuying_ocr_{model}")
