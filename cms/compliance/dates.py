"""Authentic dates (issue 14; 伪造发稿日期 is a single veto): an item's public date is its release
time from the release log (the public site reads it there, ``cms.web.selectors.release_times``),
and Wagtail's ``first_published_at``, which the API and listings read, is set by the release
itself and can never be moved earlier, whatever the path: a draft carrying an earlier date is
refused when it is saved, and so is a page saved with one (the editor, the API, a script, the
shell all save through these). A bulk ``update()`` bypasses saving; the check-up's backdating
rule compares every live item with the log and trips on it.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from cms.core.conf import get_setting

BACKDATING_REFUSED = "发布时间以发布日志记录的实际发布时间为准，不能改早（不得伪造发稿日期）。"


def _tolerance() -> timedelta:
    return timedelta(seconds=get_setting("COMPLIANCE_BACKDATE_TOLERANCE_SECONDS"))


def first_published_kept(
    *, new: datetime | None, stored: datetime | None, now: datetime, tolerance: timedelta
) -> datetime | None:
    """Pure: the first publication date to save. Once set, it stays (a copy an older revision
    carried, later or rounded by JSON to the millisecond, gives way to it); before, the first
    release sets it now. An earlier date raises."""
    if stored is not None:
        if new is None or new >= stored - tolerance:
            return stored
        raise ValidationError(BACKDATING_REFUSED)
    if new is not None and new < now - tolerance:
        raise ValidationError(BACKDATING_REFUSED)
    return new


def refuse_backdated_page(sender, instance, raw=False, update_fields=None, **kwargs):
    """``pre_save`` of items."""
    if raw or (update_fields is not None and "first_published_at" not in update_fields):
        return
    stored = None
    if instance.pk is not None:
        stored = Page.objects.filter(pk=instance.pk).values_list("first_published_at", flat=True)
        stored = stored.first()
    instance.first_published_at = first_published_kept(
        new=instance.first_published_at, stored=stored, now=timezone.now(), tolerance=_tolerance()
    )


def refuse_backdated_revision(sender, instance, raw=False, **kwargs):
    """``pre_save`` of revisions of items: a draft may not carry an earlier date."""
    from columns.models import ArticlePage

    if raw or instance.pk is not None or instance.base_content_type_id is None:
        return
    if not issubclass(instance.content_type.model_class() or object, ArticlePage):
        return
    carried = parse_datetime(str((instance.content or {}).get("first_published_at") or ""))
    if carried is None:
        return
    stored = (
        Page.objects.filter(pk=instance.object_id).values_list("first_published_at", flat=True)
    ).first()
    if carried < (stored or timezone.now()) - _tolerance():
        raise ValidationError(BACKDATING_REFUSED)
