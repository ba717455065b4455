"""Reads of the document privacy rule (``workflows.document_rules``): one document's facts for the
serve view, and the documents an account may see as one query for the choosers, the document
listings and the admin API (R-02, R-03, R-13)."""

import operator
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from django.db.models import Exists, OuterRef, Q
from wagtail.documents import get_document_model

from cms.core.models import UnitKind
from cms.core.selectors import user_roles, user_unit_id
from columns.models import ArticlePage, DocumentUse
from workflows import document_rules as rules
from workflows import rules as chain
from workflows.models import ApprovalForm
from workflows.published import published_articles, published_scope

ANY = Q(pk__isnull=False)


def reader_of(user) -> rules.Reader | None:
    if not (user.is_authenticated and user.is_active):
        return None
    return rules.Reader(
        user_id=user.pk,
        roles=user_roles(user),
        unit_id=user_unit_id(user),
        is_superuser=user.is_superuser,
    )


def released_body_uses():
    """Uses in the live body of an item the public sees: exactly the items the API serves
    (live, approved by the whole chain, not restricted, under live columns)."""
    published = published_articles(published_scope())
    return DocumentUse.objects.filter(in_live_body=True, article__in=published.values("pk"))


def run_facts(form: ApprovalForm) -> chain.Item:
    """A run of the chain as its approval form recorded the latest draft."""
    return chain.Item(
        drafter_id=form.drafter_id,
        source_unit_id=form.source_unit_id,
        source_unit_is_department=bool(form.source_unit_id)
        and form.source_unit.kind == UnitKind.SECTION,
        column_owner_unit_id=form.column_owner_id,
        is_major_sensitive=form.is_major_sensitive,
        screening_escalated=bool(form.screening_markers),
    )


def document_item_uses(document) -> tuple[rules.ItemUse, ...]:
    """The items that use ``document``, with their runs, in a fixed number of queries."""
    uses = list(
        DocumentUse.objects.filter(document=document).values(
            "article_id", "article__drafter_id", "article__source_unit_id"
        )
    )
    released = set(
        released_body_uses().filter(document=document).values_list("article_id", flat=True)
    )
    runs = defaultdict(list)
    forms = ApprovalForm.objects.filter(article_id__in=[use["article_id"] for use in uses])
    for form in forms.select_related("source_unit"):
        runs[form.article_id].append(run_facts(form))
    return tuple(
        rules.ItemUse(
            drafter_id=use["article__drafter_id"],
            source_unit_id=use["article__source_unit_id"],
            runs=tuple(runs[use["article_id"]]),
            in_released_body=use["article_id"] in released,
        )
        for use in uses
    )


@dataclass(frozen=True)
class DocumentAccess:
    readable: bool
    public: bool


def document_access(user, document) -> DocumentAccess:
    uses = document_item_uses(document)
    readable = rules.may_read_document(
        reader=reader_of(user), uploader_id=document.uploaded_by_user_id, uses=uses
    )
    return DocumentAccess(readable=readable, public=rules.is_public(uses))


def user_may_read_document(user, document) -> bool:
    return document_access(user, document).readable


def documents_visible_to(user, documents=None):
    """``documents`` (every document by default) narrowed to those ``user`` may read:
    ``rules.may_read_document`` as one query."""
    documents = get_document_model().objects.all() if documents is None else documents
    reader = reader_of(user)
    if reader and (reader.is_superuser or reader.roles & rules.STAFF_ROLES):
        return documents
    visible = Q(pk__in=released_body_uses().values("document_id"))
    if reader:
        readable = DocumentUse.objects.filter(article__in=items_read_by(reader))
        visible |= Q(uploaded_by_user_id=reader.user_id) | Q(pk__in=readable.values("document_id"))
    return documents.filter(visible)


def documents_not_readable(user, document_ids) -> list[int]:
    """Of ``document_ids``, those ``user`` may not read, and so may not put in an item: an item
    makes its documents readable to its writers and approvers."""
    chosen = get_document_model().objects.filter(pk__in=set(document_ids))
    readable = documents_visible_to(user, chosen).values("pk")
    return sorted(chosen.exclude(pk__in=readable).values_list("pk", flat=True))


def items_read_by(reader: rules.Reader):
    """``rules.may_read_item_documents`` as a subquery of item ids."""
    writers = Q(drafter_id=reader.user_id)
    if "liaison" in reader.roles:
        writers |= Q(source_unit_id=reader.unit_id)
    signable = run_approver_q(reader)
    if signable is not None:
        runs = ApprovalForm.objects.filter(article_id=OuterRef("pk")).filter(signable)
        writers |= Exists(runs)
    return ArticlePage.objects.filter(writers).values("pk")


def run_approver_q(reader: rules.Reader) -> Q | None:
    """``rules.is_run_approver`` over approval forms: for each role the step it signs, where
    that step applies and who of the role may sign it (``workflows.rules``); None for an
    account that signs no step."""
    section = Q(source_unit__kind=UnitKind.SECTION)
    step_conditions = {
        "unit_approver": Q(source_unit_id=reader.unit_id) & ~section,
        "proofreader": ANY,
        "dept_leader": Q(column_owner_id=reader.unit_id) & section,
        "minister": Q(is_major_sensitive=True) | ~Q(screening_markers=""),
        "site_admin": ANY,
    }
    conditions = [step_conditions[role] for role in sorted(reader.roles & set(step_conditions))]
    if not conditions:
        return None
    return reduce(operator.or_, conditions) & ~Q(drafter_id=reader.user_id)
