"""Writes of the contribution records, in step with the approval chain (R-21, R-22).

``liaisons.signals`` calls these from Wagtail's workflow and publishing signals; the grade and
the adoption and endorsement records come from the 评定 form (``liaisons.forms``).
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from cms.core.selectors import user_roles
from liaisons import rules
from liaisons.models import Contribution, Liaison
from workflows import release_dates
from workflows.models import ApprovalForm
from workflows.selectors import latest_draft

logger = logging.getLogger(__name__)

ASSESS_DENIED = "只有网站管理员可以评定信息质量等级、登记采用和批示。"
NOT_RELEASED = "信息发布后才能评定质量等级、登记采用和批示。"


def item_facts(article) -> dict:
    """What the record copies from the item as it stands (its latest draft or live version)."""
    column = article.column
    return {
        "article_id": article.pk,
        "title": article.title,
        "liaison_id": article.liaison_id or _liaison_of_drafter(article),
        "unit_id": article.source_unit_id,
        "column_id": column.pk if column else None,
        "department_id": column.responsible_department_id if column else None,
        "content_form": article.content_form,
    }


def _liaison_of_drafter(article) -> int | None:
    # Items often leave the liaison field empty when the liaison drafts them; the drafter's own
    # liaison record in the source unit is then the one credited.
    return (
        Liaison.objects.filter(user_id=article.drafter_id, unit_id=article.source_unit_id)
        .order_by("-active_from")
        .values_list("pk", flat=True)
        .first()
    )


def first_revision_at(article):
    return article.revisions.order_by("created_at").values_list("created_at", flat=True).first()


def seconds_between(start, end) -> int | None:
    return max(0, int((end - start).total_seconds())) if start and end else None


@transaction.atomic
def contribution_submitted(*, article, at=None) -> Contribution:
    """An item entered the chain: the record starts, or returns to review with fresh facts."""
    at = at or timezone.now()
    facts = item_facts(latest_draft(article))
    record = Contribution.objects.select_for_update().filter(article_page_id=article.pk).first()
    if record is None:
        drafted_at = first_revision_at(article) or at
        return Contribution.objects.create(
            article_page_id=article.pk,
            submitted_at=at,
            drafted_at=drafted_at,
            drafting_seconds=seconds_between(drafted_at, at),
            **facts,
        )
    if record.released_at is not None:
        # An edit of a released item runs the chain again; the contribution stays released.
        return record
    Contribution.objects.filter(pk=record.pk).update(status=Contribution.Status.IN_REVIEW, **facts)
    return record


def contribution_rejected(*, page_id: int, at=None) -> None:
    """Sent back before its first release: a rejected item (an edit of a released item sent
    back is not a rejected contribution)."""
    at = at or timezone.now()
    Contribution.objects.filter(article_page_id=page_id, released_at__isnull=True).update(
        status=Contribution.Status.REJECTED,
        rejection_count=F("rejection_count") + 1,
        rejected_at=Coalesce("rejected_at", at),
    )


def contribution_resumed(*, page_id: int) -> None:
    """A rejected run resumed after the drafter's changes: the item is in review again."""
    Contribution.objects.filter(
        article_page_id=page_id, status=Contribution.Status.REJECTED
    ).update(status=Contribution.Status.IN_REVIEW)


def contribution_withdrawn(*, page_id: int, at=None) -> None:
    Contribution.objects.filter(
        article_page_id=page_id,
        released_at__isnull=True,
        status__in=(Contribution.Status.IN_REVIEW, Contribution.Status.REJECTED),
    ).update(status=Contribution.Status.WITHDRAWN, withdrawn_at=at or timezone.now())


@transaction.atomic
def contribution_released(*, article, at=None) -> Contribution:
    """The chain released the item: first release date (as the release log recorded it, so
    that reports agree; ``workflows.release_dates``), lead time, facts as published."""
    at = at or release_dates.last_release_of_item(article.pk) or timezone.now()
    record = Contribution.objects.select_for_update().filter(article_page_id=article.pk).first()
    if record is None:
        logger.warning("Release of page %s without a contribution record", article.pk)
        record = Contribution(article_page_id=article.pk, submitted_at=_submitted_at(article, at))
    for name, value in item_facts(article).items():
        setattr(record, name, value)
    record.status = Contribution.Status.RELEASED
    if record.released_at is None:
        record.released_at = at
        record.release_seconds = seconds_between(record.submitted_at, at)
    record.save()
    return record


def _submitted_at(article, fallback):
    forms = ApprovalForm.objects.filter(article_page_id=article.pk).order_by("submitted_at")
    return forms.values_list("submitted_at", flat=True).first() or fallback


def check_may_assess(*, user, contribution: Contribution) -> None:
    """Raise unless ``user`` may grade ``contribution`` and record its adoptions now."""
    if not rules.may_assess(roles=user_roles(user)):
        raise PermissionDenied(ASSESS_DENIED)
    if contribution.released_at is None:
        raise ValidationError(NOT_RELEASED)


@transaction.atomic
def contribution_assess(*, user, contribution: Contribution, grade: str) -> Contribution:
    """Give (or change) the quality grade; adoptions and endorsements are saved with it."""
    check_may_assess(user=user, contribution=contribution)
    # A bound form has already set the new grade on the instance: compare with the stored one.
    stored = Contribution.objects.filter(pk=contribution.pk).values_list("grade", flat=True)
    if not grade:
        contribution.graded_by, contribution.graded_at = None, None
    elif grade != stored.first() or contribution.graded_at is None:
        contribution.graded_by, contribution.graded_at = user, timezone.now()
    contribution.grade = grade
    for record in [*contribution.adoptions.all(), *contribution.endorsements.all()]:
        record.recorded_by_id = record.recorded_by_id or user.pk
    contribution.save()
    return contribution
