"""What the scripts under scripts/ share: a free port on 127.0.0.1, and approval records for the
bulk items of ``seed_demo --articles`` so that the public API serves them."""

import socket


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def approve_bulk_items() -> int:
    """``seed_demo --articles`` inserts live rows without revisions or approval forms, which the
    API rightly never serves (R-08); give them approval records, in bulk, for the benchmark."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page, Revision

    from columns.models import ArticlePage
    from workflows.models import ApprovalForm

    pending = list(ArticlePage.objects.filter(live=True, live_revision__isnull=True))
    kinds = ContentType.objects.get_for_model(ArticlePage), ContentType.objects.get_for_model(Page)
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=kinds[0],
            base_content_type=kinds[1],
            object_id=str(page.pk),
            created_at=now,
            content={"pk": page.pk, "title": page.title},
            object_str=page.title,
        )
        for page in pending
    )
    for page, revision in zip(pending, revisions, strict=True):
        page.live_revision_id = revision.pk
    Page.objects.bulk_update(pending, ["live_revision"], batch_size=500)
    ApprovalForm.objects.bulk_create(
        ApprovalForm(
            article_page_id=page.pk,
            article_id=page.pk,
            article_title=page.title,
            status=ApprovalForm.Status.APPROVED,
            approved_revision_id=revision.pk,
            **dict.fromkeys(["column_title", "column_owner_name", "source_unit_name"], ""),
            drafter_name="",
        )
        for page, revision in zip(pending, revisions, strict=True)
    )
    return len(pending)
