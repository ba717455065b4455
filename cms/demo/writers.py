"""Who writes the demo items of a column, consistent with the column's units (R-02)."""

from dataclasses import dataclass

from cms.core.models import Unit
from cms.demo.body import Media
from columns.models import ColumnPage
from columns.permissions import user_can_write_in_column
from liaisons.models import Liaison


@dataclass(frozen=True)
class Writer:
    user: object
    unit: Unit
    liaison: Liaison


def column_writers(column: ColumnPage, *, liaisons: list[Liaison]) -> list[Writer]:
    """The liaison accounts whose unit may write in ``column``. Items are never drafted by the
    site administrator: the chain forbids releasing one's own item, and it is the only publisher."""
    return [
        Writer(record.user, record.unit, record)
        for record in liaisons
        if record.user_id and user_can_write_in_column(record.user, column)
    ]


def writers_by_column(
    columns: dict[str, ColumnPage], *, liaisons: list[Liaison]
) -> dict[str, list[Writer]]:
    """Writers of every column that has one."""
    writers = {slug: column_writers(column, liaisons=liaisons) for slug, column in columns.items()}
    return {slug: found for slug, found in writers.items() if found}


@dataclass(frozen=True)
class DemoContext:
    """What item generators need: the columns by slug with their writers and themes, the shared
    media and the demo accounts by username."""

    columns: dict[str, ColumnPage]
    writers: dict[str, list[Writer]]
    themes: dict[str, str]
    media: Media
    accounts: dict[str, object]
