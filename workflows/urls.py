"""Admin URLs of the chain's records and the takedown, mounted under ``/admin/xiuying/`` by
``workflows.hooks_records`` (Wagtail wraps them in its admin-access check)."""

from django.urls import path

from workflows import views

app_name = "xiuying_records"

urlpatterns = [
    path("approval-forms/<int:pk>/print/", views.approval_form_print, name="approval_form_print"),
    path("approval-forms/<int:pk>/pdf/", views.approval_form_pdf, name="approval_form_pdf"),
    path("release-log/export.csv", views.release_log_csv, name="release_log_csv"),
    path("release-log/export.xlsx", views.release_log_xlsx, name="release_log_xlsx"),
    path("takedown/<int:page_id>/", views.takedown, name="takedown"),
]
