"""Checks that every live item was released through the chain and the log is intact (R-08, R-11).

Catches what the publishing gate cannot see: rows written behind the application's back, such
as a shell script that sets ``live`` with an UPDATE, or a release log entry edited in SQL.
"""

from dataclasses import dataclass

from wagtail.models import Revision

from columns.models import ArticlePage
from workflows import release_log
from workflows.models import ApprovalForm, ReleaseLogEntry

NO_APPROVAL = "线上版本未经完整审批链核准"
NO_LOG_ENTRY = "信息发布日志中没有该版本的发布记录"
CONTENT_CHANGED = "线上版本内容与发布日志存档不一致"


@dataclass(frozen=True)
class Finding:
    page_id: int
    title: str
    revision_id: int | None
    problem: str


def live_items_findings(check_content: bool = True) -> list[Finding]:
    live = list(ArticlePage.objects.live().values_list("pk", "title", "live_revision_id"))
    revision_ids = {rev for _, _, rev in live}
    approved = set(
        ApprovalForm.objects.filter(
            approved_revision_id__in=revision_ids, status=ApprovalForm.Status.APPROVED
        ).values_list("approved_revision_id", flat=True)
    )
    logged = dict(
        ReleaseLogEntry.objects.filter(kind="release", revision_id__in=revision_ids)
        .order_by("sequence")
        .values_list("revision_id", "content_sha256")
    )
    findings = []
    for page_id, title, revision_id in live:
        findings += [
            Finding(page_id, title, revision_id, problem)
            for problem in _problems(revision_id, approved, logged)
        ]
    if check_content:
        findings += _content_findings(live, logged)
    return findings


def _problems(revision_id, approved, logged):
    if revision_id not in approved:
        yield NO_APPROVAL
    if revision_id not in logged:
        yield NO_LOG_ENTRY


def _content_findings(live, logged):
    titles = {rev: (pk, title) for pk, title, rev in live if rev in logged}
    revisions = Revision.objects.filter(pk__in=titles).values_list("pk", "content")
    for revision_id, content in revisions.iterator(chunk_size=500):
        if release_log.sha256(content) != logged[revision_id]:
            page_id, title = titles[revision_id]
            yield Finding(page_id, title, revision_id, CONTENT_CHANGED)


def chain_findings() -> list[str]:
    return release_log.verify_chain()
