"""The documents of items, as pure rules: plain values, no ORM. Which documents a revision
uses, and the reader of a document as the privacy rule sees them; the rule itself, which needs
the chain's approvers, is ``workflows.document_rules`` (R-02, R-03, R-04, R-13)."""

import json
from collections.abc import Iterable
from dataclasses import dataclass

from cms.core.roles import SITE_STAFF

STAFF_ROLES = SITE_STAFF
# Body blocks that hold a document, and the field that holds it (columns/blocks.py).
BODY_DOCUMENT_FIELDS = {"attachment": "document", "video": "video"}


@dataclass(frozen=True)
class Reader:
    user_id: int
    roles: frozenset[str]
    unit_id: int | None
    is_superuser: bool = False


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
