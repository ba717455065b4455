"""What the demo's 合规体检 (issue 14) has to show: a stale column, a dead link and a 暗链, each
with the person responsible. Running it again plants nothing new.

- The stale column: a news column, 党史学习教育, holding the oldest live demo item (moved there
  with its release log and dates untouched), more than two weeks old; its liaison is the item's.
- The dead link: an item released through the chain that links to a demo draft, a page the
  public cannot open.
- The 暗链: a hidden gambling link written into a live item behind the application's back (as an
  intruder would, straight into the database; submission would have refused it), found by
  rescreening live content.
"""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText

from cms.compliance.linkscan import live_links_scan
from cms.demo.chain import chain_walk
from cms.demo.writers import DemoContext
from cms.screening.tasks import rescreen_live
from columns.models import ArticleMaterial, ArticlePage, ColumnKind, ColumnPage
from columns.services import article_create

STALE_SLUG, STALE_TITLE = "history", "党史学习教育"
DEAD_LINK_SLUG, DEAD_LINK_TITLE = "compliance-dead-link", "关于近期组织工作安排的说明"
HIDDEN_MARK = "bet.invalid"
HIDDEN_HTML = (
    f'<p style="position:absolute;left:-9999px"><a href="http://{HIDDEN_MARK}/">在线博彩</a></p>'
)


def compliance_demo_ensure(context: DemoContext) -> None:
    _stale_column_ensure(context)
    _dead_link_ensure(context)
    _hidden_link_ensure(context)
    rescreen_live()
    live_links_scan(check_external=False)  # the demo contacts no outside address


def _stale_column_ensure(context: DemoContext) -> None:
    home = context.columns["news"].get_parent()
    if ColumnPage.objects.filter(slug=STALE_SLUG).exists():
        return
    oldest = (
        ArticlePage.objects.live()
        .filter(slug__startswith="demo-")
        .order_by("first_published_at")[0]
    )
    column = ColumnPage(
        title=STALE_TITLE,
        slug=STALE_SLUG,
        description="党史学习教育的动态与资料。",
        responsible_department=oldest.column.responsible_department,
        column_kind=ColumnKind.NEWS,
    )
    home.add_child(instance=column)
    column.save_revision().publish()
    oldest.move(column, pos="last-child")
    if oldest.liaison:
        oldest.liaison.columns.add(column)


def _dead_link_ensure(context: DemoContext) -> None:
    if ArticlePage.objects.filter(slug=DEAD_LINK_SLUG).exists():
        return
    draft = ArticlePage.objects.filter(slug__startswith="demo-", live=False).order_by("pk")[0]
    writer = context.writers["news"][0]
    # The link text is the writer's own: a draft's title is not for every reader.
    html = (
        f'<p>各支部请按照<a linktype="page" id="{draft.pk}">相关通知</a>'
        "的要求，做好近期组织工作安排。</p>"
    )
    article = article_create(
        user=writer.user,
        column=context.columns["news"],
        title=DEAD_LINK_TITLE,
        slug=DEAD_LINK_SLUG,
        summary="近期组织工作安排。",
        body=[("paragraph", RichText(html))],
        source_unit=writer.unit,
        liaison=writer.liaison,
        original_materials=[_material()],
    )
    chain_walk(article, context.accounts)


def _material() -> ArticleMaterial:
    document = get_document_model().objects.create(
        title="原始资料：近期组织工作安排",
        file=ContentFile("近期组织工作安排的原始稿件。".encode(), name="demo-arrangement.txt"),
    )
    return ArticleMaterial(document=document, note="拟稿人提交的原始稿件")


def _hidden_link_ensure(context: DemoContext) -> None:
    """Append the hidden paragraph to a live item's live revision and page row, as a write to
    the database that bypasses the application would."""
    column = context.columns["grassroots"]
    item = ArticlePage.objects.live().child_of(column).order_by("-first_published_at").first()
    if item is None or HIDDEN_MARK in str(item.body.raw_data):
        return
    page = item.live_revision.as_object()
    page.body.append(("paragraph", RichText(HIDDEN_HTML)))
    Revision.objects.filter(pk=item.live_revision_id).update(content=page.serializable_data())
    ArticlePage.objects.filter(pk=item.pk).update(body=page.body)
    Page.objects.filter(pk=item.pk).update(has_unpublished_changes=False)
