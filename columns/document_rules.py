"""Who may read a document (R-02, R-03, R-04, R-13), as pure rules: plain values, no ORM.

A document in the body of a released item is public. Every other document (an original material,
an attachment of an item that is not released, a file uploaded and used nowhere) is private: the
site staff, its uploader, the writers of an item that uses it and the approvers of a run of the
chain on such an item read it; nobody else.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass

from workflows import rules as chain

STAFF_ROLES = frozenset({"site_admin", "site_specialist"})
# Body blocks that hold a document, and the field that holds it (columns/blocks.py).
BODY_DOCUMENT_FIELDS = {"attachment": "document", "video": "video"}


@dataclass(frozen=True)
class Reader:
    user_id: int
    roles: frozenset[str]
    unit_id: int | None
    is_superuser: bool = False


@dataclass(frozen=True)
class ItemUse:
    """An item that uses the document: its writers, the runs of the chain on it (each as the
    approval form's facts), and whether the document is in the body of its released content."""

    drafter_id: int | None
    source_unit_id: int | None
    runs: tuple[chain.Item, ...] = ()
    in_released_body: bool = False


def is_public(uses: Iterable[ItemUse]) -> bool:
    return any(use.in_released_body for use in uses)


def may_read_document(*, reader: Reader | None, uploader_id: int | None, uses) -> bool:
    """``reader`` is None for an anonymous visitor."""
    if is_public(uses):
        return True
    if reader is None:
        return False
    if reader.is_superuser or reader.roles & STAFF_ROLES or reader.user_id == uploader_id:
        return True
    return any(may_read_item_documents(reader, use) for use in uses)


def may_read_item_documents(reader: Reader, use: ItemUse) -> bool:
    return is_item_writer(reader, use) or any(is_run_approver(reader, run) for run in use.runs)


def is_item_writer(reader: Reader, use: ItemUse) -> bool:
    """The drafter, and the liaisons of the item's source unit."""
    if reader.user_id == use.drafter_id:
        return True
    return "liaison" in reader.roles and reader.unit_id == use.source_unit_id


def is_run_approver(reader: Reader, run: chain.Item) -> bool:
    """Whoever may sign a step of the run after the drafter's (``workflows.rules.may_sign``,
    before anyone signed: having signed one step does not take the reading away)."""
    actor = chain.Actor(user_id=reader.user_id, roles=reader.roles, unit_id=reader.unit_id)
    return any(
        chain.may_sign(step, actor, run, ()).allowed
        for step in chain.applicable_steps(run)
        if step != chain.DRAFTER_REVIEW
    )


def body_document_ids(blocks: Iterable[dict]) -> set[int]:
    """Ids of the documents in a body's raw stream data (attachments and videos)."""
    ids = set()
    for block in blocks:
        field = BODY_DOCUMENT_FIELDS.get(block.get("type"))
        value = block.get("value")
        if field and isinstance(value, dict) and value.get(field):
            ids.add(int(value[field]))
    return ids


def revision_body_document_ids(content: dict) -> set[int]:
    """The body's documents in a revision's content (where the body is a JSON string)."""
    body = content.get("body") or []
    return body_document_ids(json.loads(body) if isinstance(body, str) else body)


def revision_document_ids(content: dict) -> set[int]:
    """Every document a revision of an item uses: its body's and its original materials."""
    materials = content.get("original_materials") or []
    material_ids = {int(row["document"]) for row in materials if row.get("document")}
    return revision_body_document_ids(content) | material_ids
