"""Near-duplicate items (issue 16): an item compared, by the SimHash of its title and first
paragraphs (``cms.screening.engine.similarity``), with the live items and the items in the
chain of the last ``SCREENING_DUPLICATE_DAYS``. A likely duplicate is shown to the editor and
the approvers with a link; it never blocks.

Fingerprints are cached per page and revision, so each version of an item is tokenised once.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from cms.core.conf import get_setting
from cms.screening.engine.similarity import LEADING_CHARS, fingerprint, similarity
from cms.screening.extract import text_from_html
from columns.models import ArticlePage

FINGERPRINT_CACHE_KEY = "xiuying:screening:simhash:v1:{}:{}"
LIVE, IN_CHAIN = "已发布", "审批中"


@dataclass(frozen=True)
class Twin:
    page_id: int
    title: str
    where: str  # 已发布 / 审批中
    percent: int  # similarity of the fingerprints
    url: str


def leading_text(article) -> str:
    """The summary and the first paragraphs of an item, as compared."""
    parts = [article.summary or ""]
    for block in article.body or ():
        if block.block_type == "paragraph":
            parts.append(text_from_html(block.value.source))
        if sum(map(len, parts)) > LEADING_CHARS:
            break
    return "\n".join(parts)


def article_fingerprint(article) -> int:
    return fingerprint(article.title or "", leading_text(article))


def _cached_fingerprint(page_id: int, revision_id, load) -> int:
    key = FINGERPRINT_CACHE_KEY.format(page_id, revision_id)
    found = cache.get(key)
    if found is None:
        found = article_fingerprint(load())
        cache.set(key, found, get_setting("SCREENING_DOCUMENT_CACHE_SECONDS"))
    return found


def _candidates(exclude_id):
    since = timezone.now() - timedelta(days=get_setting("SCREENING_DUPLICATE_DAYS"))
    in_chain = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type__model="page"
    ).values_list("object_id", flat=True)
    chain_ids = {int(pk) for pk in in_chain}
    recent = Q(live=True, first_published_at__gte=since) | Q(pk__in=chain_ids)
    pages = ArticlePage.objects.filter(recent).exclude(pk=exclude_id)
    return pages, chain_ids


def _fingerprint_of(page, in_chain: bool) -> int:
    if in_chain:
        return _cached_fingerprint(
            page.pk, page.latest_revision_id, page.get_latest_revision_as_object
        )
    return _cached_fingerprint(page.pk, f"live{page.live_revision_id}", lambda: page)


def duplicates_note(article) -> str:
    """The likely duplicates as one line for the approval form, e.g.
    "《海秀街道开展主题党日》（已发布，编号12，相似度95%）"."""
    return "；".join(
        f"《{twin.title}》（{twin.where}，编号{twin.page_id}，相似度{twin.percent}%）"
        for twin in duplicates_of(article)
    )


def duplicates_of(article) -> list[Twin]:
    """Live and in-chain items whose fingerprint lies within the threshold of ``article``'s."""
    mine = article_fingerprint(article)
    pages, chain_ids = _candidates(getattr(article, "pk", None))
    threshold = 1 - get_setting("SCREENING_DUPLICATE_MAX_DISTANCE") / 64
    twins = []
    for page in pages:
        in_chain = page.pk in chain_ids
        score = similarity(mine, _fingerprint_of(page, in_chain))
        if score >= threshold:
            url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            where = IN_CHAIN if in_chain else LIVE
            twins.append(Twin(page.pk, page.title, where, round(score * 100), url))
    return sorted(twins, key=lambda twin: -twin.percent)
