"""Release-log entries dated in the past, for tests of the reports that read last updates from
the log (``workflows.release_dates``). Entries go through ``release_log.append`` under the seed
clock, as the demo seeder's do, so the log stays hash-chained and in time order: log the
oldest first."""

from wagtail.models import Page

from workflows import release_log
from workflows.models import ReleaseLogEntry


def item_under(column, title: str) -> Page:
    """A bare page in ``column``'s tree standing for an item of a contribution record."""
    return column.add_child(instance=Page(title=title, slug=f"item-{Page.objects.count()}"))


def log_release(page, *, at) -> ReleaseLogEntry:
    with release_log.seed_clock(at):
        return release_log.append(
            kind=ReleaseLogEntry.Kind.RELEASE,
            actor=None,
            actor_name="测试",
            article_page_id=page.pk,
            article_title=page.title,
            column_title=page.get_parent().title,
            revision_id=None,
            content_sha256="0" * 64,
            approved_content={"title": page.title},
            approval_form=None,
        )
