"""Who may read a document (R-02, R-03, R-04, R-13), as pure rules: plain values, no ORM.

A document in the body of a released item is public. Every other document (an original material,
an attachment of an item that is not released, a file uploaded and used nowhere) is private: the
site staff, its uploader, the writers of an item that uses it and the approvers of a run of the
chain on such an item read it; nobody else.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from columns.document_rules import STAFF_ROLES, Reader
from workflows import rules as chain


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
