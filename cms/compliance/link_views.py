"""Warnings about links in the admin (R-18): to whoever takes a page down or deletes it, the
live items that link to it; to the drafter and the approvers in the editor, the item's own
broken links."""

from django.contrib import messages

from cms.compliance.linkscan import draft_link_problems, live_referrers
from columns.models import ArticlePage

LINKED_FROM = (
    "注意：以下 {count} 条线上信息链接到《{title}》，{what}后这些链接将失效，"
    "请通知其信息联络员修改：{items}。"
)
BROKEN_IN_ITEM = "本信息中有 {count} 个失效链接：{links}。"
LISTED = 10


def _items(items) -> str:
    names = "、".join(f"《{item.title}》" for item in items[:LISTED])
    return names + (f"等 {len(items)} 条" if len(items) > LISTED else "")


def _warn_referrers(request, page, what: str) -> None:
    items = [item for item in live_referrers(page) if item.pk != page.pk]
    if items:
        text = LINKED_FROM.format(
            count=len(items), title=page.title, what=what, items=_items(items)
        )
        messages.warning(request, text)


def warn_before_unpublish(request, page):
    """``before_unpublish_page``: on the confirmation page and when it is confirmed."""
    _warn_referrers(request, page, "下线")


def warn_before_delete(request, page):
    """``before_delete_page``."""
    _warn_referrers(request, page, "删除")


def warn_in_editor(request, page):
    """``before_edit_page``: the latest draft's broken links, for its drafter and approvers."""
    if request.method != "GET" or not isinstance(page, ArticlePage):
        return
    problems = draft_link_problems(page.get_latest_revision_as_object())
    if problems:
        listed = "；".join(f"{url}（{problem}）" for url, problem in problems)
        messages.warning(request, BROKEN_IN_ITEM.format(count=len(problems), links=listed))
