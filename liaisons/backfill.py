"""Contribution records for items that went through the chain before the records existed, from
the approval forms the chain kept (R-10): one record per item, dates from its runs."""

from django.db import transaction

from columns.models import ArticlePage
from liaisons.models import Contribution
from liaisons.services import first_revision_at, item_facts, seconds_between
from workflows.models import ApprovalForm

STATUS_OF_FORM = {
    "in_progress": Contribution.Status.IN_REVIEW,
    "rejected": Contribution.Status.REJECTED,
    "cancelled": Contribution.Status.WITHDRAWN,
    "approved": Contribution.Status.RELEASED,
}


@transaction.atomic
def contributions_backfill() -> int:
    """Create the missing records; items that already have one are left alone."""
    recorded = Contribution.objects.values("article_page_id")
    forms = ApprovalForm.objects.exclude(article_page_id__in=recorded).order_by("submitted_at")
    runs: dict[int, list] = {}
    for form in forms:
        runs.setdefault(form.article_page_id, []).append(form)
    articles = ArticlePage.objects.in_bulk(list(runs))
    made = [_record(articles[pk], runs[pk]) for pk in runs if pk in articles]
    Contribution.objects.bulk_create(made)
    return len(made)


def _record(article, forms) -> Contribution:
    submitted = forms[0].submitted_at
    released = next((f.completed_at for f in forms if f.status == "approved"), None)
    rejected = [f.completed_at for f in forms if f.status == "rejected" and f.completed_at]
    drafted = first_revision_at(article) or submitted
    return Contribution(
        article_page_id=article.pk,
        status=Contribution.Status.RELEASED if released else STATUS_OF_FORM[forms[-1].status],
        drafted_at=drafted,
        submitted_at=submitted,
        released_at=released,
        rejected_at=min(rejected, default=None),
        rejection_count=len(rejected),
        drafting_seconds=seconds_between(drafted, submitted),
        release_seconds=seconds_between(submitted, released),
        **item_facts(article),
    )
