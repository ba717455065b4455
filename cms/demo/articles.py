"""About forty demo items written by the liaisons through ``article_create``. Three quarters go
through the whole approval chain and are released by the site administrator (R-04..R-09); the
others are drafts or wait at a step, so that every reviewer finds work in the demo."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from wagtail.models import Page

from cms.demo.body import body_blocks, cover_image_id
from cms.demo.chain import chain_walk
from cms.demo.content import ArticleText, article_text, demo_random, source_text
from cms.demo.pictures import document_create
from cms.demo.writers import DemoContext, Writer
from columns.models import ArticleMaterial, ArticlePage
from columns.services import article_create
from workflows import release_log, rules
from workflows.models import ReleaseLogEntry

SEED = 2026
SLUG_PREFIX = "demo-"
# Column slug -> forms of its live items in order: t text, p pictures, v video, d document.
PUBLISHED_PLAN = {
    "news": "tptvtp",
    "notices": "tdt",
    "policy": "dt",
    "grassroots": "tpt",
    "towns": "ptp",
    "cadres": "ttt",
    "talents": "tpt",
    "education": "vtp",
    "photos": "pppp",
}
FORM_CODES = {"t": "text", "p": "pictures", "v": "video", "d": "document"}
# Column slug -> position of its one major or sensitive live item.
MAJOR_SENSITIVE = {"news": 2, "policy": 0, "cadres": 1}
HISTORY_DAYS = 180
LIVE = "live"
DRAFT = "draft"
# The most recent items: never submitted, or waiting at a step, so that every reviewer of the
# demo finds work. (column, form code, stage)
WAITING = [
    ("news", "t", DRAFT),
    ("notices", "t", DRAFT),
    ("grassroots", "p", rules.DRAFTER_REVIEW),
    ("towns", "t", rules.UNIT_APPROVAL),
    ("news", "t", rules.PROOFREAD_1),
    ("policy", "t", rules.PROOFREAD_1),
    ("photos", "p", rules.PROOFREAD_2),
    ("cadres", "t", rules.LEADER_SIGNOFF),
    ("education", "t", rules.MINISTER_SIGNOFF),
    ("talents", "p", rules.RELEASE),
]
PUBLISHED = sum(len(forms) for forms in PUBLISHED_PLAN.values())


@dataclass(frozen=True)
class DemoItem:
    number: int
    column: str
    form: str
    is_major_sensitive: bool
    stage: str

    @property
    def slug(self) -> str:
        return f"{SLUG_PREFIX}{self.number:03d}"


def demo_items() -> list[DemoItem]:
    """The demo items in chronological order: the live ones, columns mixed, then the waiting."""
    live = [(c, code, n) for c, codes in PUBLISHED_PLAN.items() for n, code in enumerate(codes)]
    demo_random(SEED).shuffle(live)
    items = [
        DemoItem(number, column, FORM_CODES[code], MAJOR_SENSITIVE.get(column) == n, LIVE)
        for number, (column, code, n) in enumerate(live, start=1)
    ]
    return items + [
        DemoItem(number, column, FORM_CODES[code], stage == rules.MINISTER_SIGNOFF, stage)
        for number, (column, code, stage) in enumerate(WAITING, start=len(items) + 1)
    ]


def published_at(number: int, now: datetime) -> datetime:
    """The public date of live item ``number``: spread over the past months, in order."""
    hours = demo_random(SEED + number).randint(0, 8)
    return now - timedelta(days=HISTORY_DAYS * (PUBLISHED - number) / PUBLISHED, hours=hours)


def _material(item: DemoItem, text: ArticleText, unit_name: str) -> ArticleMaterial:
    document = document_create(
        title=f"原始资料：{text.title}",
        data=source_text(text, unit=unit_name).encode("utf-8"),
        filename=f"xiuying-{item.slug}-source.txt",
    )
    return ArticleMaterial(document=document, note="拟稿人提交的原始稿件")


def _writer(item: DemoItem, writers: list[Writer]) -> Writer:
    # An item meant to wait for the unit approver must come from a town or street.
    if item.stage == rules.UNIT_APPROVAL:
        writers = [w for w in writers if not w.unit.is_department] or writers
    return writers[item.number % len(writers)]


def _item_create(item: DemoItem, context: DemoContext) -> ArticlePage:
    rng = demo_random(SEED * 1000 + item.number)
    writer = _writer(item, context.writers[item.column])
    text = article_text(rng, theme=context.themes[item.column], unit=writer.unit.name)
    body = body_blocks(
        rng, form=item.form, paragraphs=text.paragraphs, media=context.media, caption=text.title
    )
    return article_create(
        user=writer.user,
        column=context.columns[item.column],
        title=text.title,
        slug=item.slug,
        summary=text.summary,
        body=body,
        cover_image_id=cover_image_id(rng, form=item.form, media=context.media),
        source_unit=writer.unit,
        liaison=writer.liaison,
        item_kind=text.item_kind,
        is_major_sensitive=item.is_major_sensitive,
        original_materials=[_material(item, text, writer.unit.name)],
    )


def _release_in_the_past(article: ArticlePage, context: DemoContext, when: datetime) -> None:
    """Walk the item through the chain to its release, logged at ``when`` by the release log's
    clock for seeding (``release_log.seed_clock``; never before the previous entry). Wagtail's
    public dates then follow the log's time, so listings and 发布时间 agree; the chain's other
    records keep their true times."""
    with release_log.seed_clock(when):
        chain_walk(article, context.accounts)
    released = ReleaseLogEntry.objects.filter(
        article_page_id=article.pk, kind=ReleaseLogEntry.Kind.RELEASE
    ).latest("sequence")
    at = released.recorded_at
    Page.objects.filter(pk=article.pk).update(first_published_at=at, last_published_at=at)


def _stage_reach(article: ArticlePage, item: DemoItem, context: DemoContext, now: datetime):
    if item.stage == LIVE:
        _release_in_the_past(article, context, published_at(item.number, now))
    elif item.stage != DRAFT:
        chain_walk(article, context.accounts, stop_at=item.stage)


def demo_articles_ensure(context: DemoContext) -> int:
    """Create the demo items not there yet (found by slug); return how many were created."""
    existing = set(
        ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    now, created = timezone.now(), 0
    for item in demo_items():
        if item.slug in existing:
            continue
        _stage_reach(_item_create(item, context), item, context, now)
        created += 1
    return created
