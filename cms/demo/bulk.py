"""Many live items at once for benchmarks, without treebeard's one-page-at-a-time ``add_child``.

The materialised paths are computed here: Wagtail's ``Page`` is a treebeard ``MP_Node`` whose path
is the parent's path plus one step of ``steplen`` characters from ``alphabet``
(https://django-treebeard.readthedocs.io/en/latest/mp_tree.html). Base ``Page`` rows are inserted
with ``bulk_create``; Django refuses ``bulk_create`` for multi-table inheritance, so the
``columns_articlepage`` rows go through ``executemany`` with values prepared by each field's
``get_db_prep_save``, which is how the ORM adapts them for SQLite and PostgreSQL alike.
"""

import random
import uuid
from collections import Counter
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Page

from cms.demo.body import FORMS, body_blocks, cover_image_id
from cms.demo.content import article_text, demo_random
from cms.demo.writers import DemoContext
from columns import rules
from columns.document_rules import body_document_ids
from columns.models import ArticlePage, DocumentUse

BATCH_SIZE = 1000
SLUG_PREFIX = "bulk-"
FORM_WEIGHTS = (5, 3, 1, 1)
MAJOR_SENSITIVE_SHARE = 0.02
HISTORY = timedelta(days=365)


def step_key(number: int) -> str:
    """The path step of the ``number``-th child, e.g. ``step_key(37) == "0011"``."""
    alphabet, digits = Page.alphabet, ""
    while number:
        number, remainder = divmod(number, len(alphabet))
        digits = alphabet[remainder] + digits
    if len(digits) > Page.steplen:
        raise OverflowError(f"treebeard path step {digits} is longer than {Page.steplen}")
    return digits.rjust(Page.steplen, alphabet[0])


def step_number(key: str) -> int:
    number = 0
    for character in key:
        number = number * len(Page.alphabet) + Page.alphabet.index(character)
    return number


def _children(parent: Page):
    return Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)


def _next_steps(parent: Page, count: int) -> list[int]:
    last = _children(parent).order_by("-path").values_list("path", flat=True).first()
    first = step_number(last[-Page.steplen :]) + 1 if last else 1
    return list(range(first, first + count))


def _slugs(parent: Page, steps: list[int]) -> list[str]:
    wanted = [f"{SLUG_PREFIX}{step}" for step in steps]
    taken = set(_children(parent).filter(slug__in=wanted).values_list("slug", flat=True))
    return [f"{slug}-{uuid.uuid4().hex[:6]}" if slug in taken else slug for slug in wanted]


def _article_values(context: DemoContext, rng: random.Random, column: str) -> dict:
    writer = rng.choice(context.writers[column])
    theme = context.themes[column]
    form = "pictures" if theme == "photos" else rng.choices(FORMS, FORM_WEIGHTS)[0]
    text = article_text(rng, theme=theme, unit=writer.unit.name)
    body = body_blocks(
        rng, form=form, paragraphs=text.paragraphs, media=context.media, caption=text.title
    )
    return {
        "title": text.title,
        "summary": text.summary,
        "body": body,
        "cover_image_id": cover_image_id(rng, form=form, media=context.media),
        "source_unit_id": writer.unit.pk,
        "drafter_id": writer.user.pk,
        "liaison_id": writer.liaison.pk,
        "item_kind": text.item_kind,
        "is_major_sensitive": rng.random() < MAJOR_SENSITIVE_SHARE,
        "content_form": rules.content_form(block["type"] for block in body),
    }


def _page(parent: Page, *, step: int, slug: str, values: dict, when: datetime) -> Page:
    return Page(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        title=values["title"],
        draft_title=values["title"],
        slug=slug,
        url_path=f"{parent.url_path}{slug}/",
        depth=parent.depth + 1,
        path=parent.path + step_key(step),
        numchild=0,
        live=True,
        has_unpublished_changes=False,
        first_published_at=when,
        last_published_at=when,
        latest_revision_created_at=when,
        owner_id=values["drafter_id"],
        locale_id=parent.locale_id,
        translation_key=uuid.uuid4(),
    )


def _column_rows(context, rng, parent: Page, column: str, count: int, now: datetime):
    steps = _next_steps(parent, count)
    rows = []
    for step, slug in zip(steps, _slugs(parent, steps), strict=True):
        values = _article_values(context, rng, column)
        when = now - rng.random() * HISTORY
        rows.append((_page(parent, step=step, slug=slug, values=values, when=when), values))
    return rows


def _article_rows_insert(rows: list[dict]) -> None:
    fields = ArticlePage._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Identifiers come from the model's own metadata, quoted; every value is a parameter.
    sql = f"INSERT INTO {quote(ArticlePage._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    params = [
        [field.get_db_prep_save(row[field.attname], connection) for field in fields] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _document_uses_insert(rows: list[dict]) -> None:
    # Released items: the documents of their bodies are public (columns/document_rules.py).
    uses = [
        DocumentUse(article_id=row["page_ptr_id"], document_id=document_id, in_live_body=True)
        for row in rows
        for document_id in body_document_ids(row["body"])
    ]
    DocumentUse.objects.bulk_create(uses, ignore_conflicts=True)


def _pages_insert(pages: list[Page]) -> list[int]:
    created = Page.objects.bulk_create(pages)
    if all(page.pk for page in created):
        return [page.pk for page in created]
    # Backends that cannot return ids from a bulk insert: read them back by path.
    ids = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk"))
    return [ids[page.path] for page in pages]


@transaction.atomic
def _batch_create(context: DemoContext, rng: random.Random, size: int) -> None:
    counts = Counter(rng.choice(list(context.writers)) for _ in range(size))
    parent_ids = {column: context.columns[column].pk for column in counts}
    parents = Page.objects.select_for_update().in_bulk(parent_ids.values())
    rows, now = [], timezone.now()
    for column, count in sorted(counts.items()):
        rows += _column_rows(context, rng, parents[parent_ids[column]], column, count, now)
    page_ids = _pages_insert([page for page, _ in rows])
    values = [{**values, "page_ptr_id": pk} for (_, values), pk in zip(rows, page_ids, strict=True)]
    _article_rows_insert(values)
    _document_uses_insert(values)
    for column, count in counts.items():
        Page.objects.filter(pk=parent_ids[column]).update(numchild=F("numchild") + count)


def articles_bulk_create(context: DemoContext, *, count: int, progress: bool = False) -> int:
    """Add ``count`` live items spread over the demo columns, in batches of ``BATCH_SIZE``, each
    batch in its own transaction. The search index is not updated (run ``update_index``)."""
    rng = demo_random(ArticlePage.objects.count())
    with tqdm(total=count, unit="条", desc="批量生成信息", disable=not progress) as bar:
        for start in range(0, count, BATCH_SIZE):
            size = min(BATCH_SIZE, count - start)
            _batch_create(context, rng, size)
            bar.update(size)
    return count
