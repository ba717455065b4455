"""How liaisons and columns score (R-21, R-22): plain values in, plain values out, no ORM.

The numbers come from a ``Scheme``, the plain form of the year's ``ScoringScheme`` row, so an
administrator changes them without a deployment and each year is computed with its own scheme.
Reports count in the database and hand the counts to these functions; tests give them counts by
hand.

Rules, as the README's "Assessment" section states them:
- a released item (采用) earns points by its form and, once graded, a bonus by its grade;
- every outlet that adopts an item adds the points of its level: they accumulate;
- leader endorsements (批示) add points by level; with ``endorsement_highest_only`` an item
  with several endorsements counts only its highest level;
- each unit has a quota of released items per quarter; each missing item deducts points, shared
  equally among the unit's liaisons; only quarters that have ended count;
- each rejected item (sent back at least once) and each late item (submitted more than
  ``late_after_days`` after its draft was started) deducts points;
- a column starts from its base points, earns points for released items up to a cap, and loses
  points per day overdue and when empty, down to zero (扣完为止).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FORMS = ("text", "pictures", "video", "document")
GRADES = ("excellent", "good", "fair")
ADOPTION_LEVELS = ("city", "province", "national")
ENDORSEMENT_LEVELS = ("district", "city", "province")
ZERO = Decimal(0)
CENT = Decimal("0.01")
DAY_SECONDS = 86400


@dataclass(frozen=True)
class Scheme:
    """The numbers of one year's scoring scheme."""

    year: int
    form_points: Mapping[str, Decimal]
    grade_points: Mapping[str, Decimal]
    adoption_points: Mapping[str, Decimal]
    endorsement_points: Mapping[str, Decimal]
    endorsement_highest_only: bool
    quarterly_quota: int
    quota_deduction: Decimal
    rejected_deduction: Decimal
    late_deduction: Decimal
    late_after_days: int
    column_base_points: Decimal
    column_item_cap: Decimal
    column_overdue_deduction: Decimal
    column_empty_deduction: Decimal


def _d(value) -> Decimal:
    return Decimal(str(value))


# The default scheme, modelled on district information-work assessment rules (README).
DEFAULT_NUMBERS = {
    "form_points": {"text": 2, "pictures": 3, "video": 5, "document": 1},
    "grade_points": {"excellent": 3, "good": 1, "fair": 0},
    "adoption_points": {"city": 15, "province": 30, "national": 50},
    "endorsement_points": {"district": 10, "city": 20, "province": 40},
    "endorsement_highest_only": True,
    "quarterly_quota": 3,
    "quota_deduction": 2,
    "rejected_deduction": 1,
    "late_deduction": 1,
    "late_after_days": 3,
    "column_base_points": 10,
    "column_item_cap": 10,
    "column_overdue_deduction": "0.5",
    "column_empty_deduction": 10,
}


def scheme_from_numbers(year: int, numbers: Mapping) -> Scheme:
    """A ``Scheme`` from plain numbers (the defaults, a snapshot's JSON, a model's fields)."""
    values = {}
    for name, value in numbers.items():
        if isinstance(value, Mapping):
            values[name] = {key: _d(points) for key, points in value.items()}
        elif isinstance(value, bool) or name in ("quarterly_quota", "late_after_days"):
            values[name] = value
        else:
            values[name] = _d(value)
    return Scheme(year=year, **values)


def scheme_numbers(scheme: Scheme) -> dict:
    """The inverse of ``scheme_from_numbers``, as JSON values (decimals as strings)."""

    def plain(value):
        if isinstance(value, Mapping):
            return {key: plain(points) for key, points in value.items()}
        return str(value) if isinstance(value, Decimal) else value

    return {name: plain(getattr(scheme, name)) for name in DEFAULT_NUMBERS}


def default_scheme(year: int) -> Scheme:
    return scheme_from_numbers(year, DEFAULT_NUMBERS)


def _weighted(points: Mapping[str, Decimal], counts: Mapping[str, int]) -> Decimal:
    return sum((points.get(key, ZERO) * count for key, count in counts.items()), ZERO)


def quantity_points(scheme: Scheme, released: Mapping[str, int]) -> Decimal:
    """Points for released items by form."""
    return _weighted(scheme.form_points, released)


def quality_points(scheme: Scheme, graded: Mapping[str, int]) -> Decimal:
    """Bonus for graded items by grade; ungraded items add nothing."""
    return _weighted(scheme.grade_points, graded)


def adoption_points(scheme: Scheme, adoptions: Mapping[str, int]) -> Decimal:
    """Every adoption counts at its level: several outlets adopting one item accumulate."""
    return _weighted(scheme.adoption_points, adoptions)


def endorsement_points(scheme: Scheme, endorsements: Mapping[str, int]) -> Decimal:
    """``endorsements`` are counts by level, already reduced by ``counted_endorsements``."""
    return _weighted(scheme.endorsement_points, endorsements)


def counted_endorsements(scheme: Scheme, levels: Iterable[str]) -> tuple[str, ...]:
    """The endorsement levels of one item that score: all of them, or only the highest."""
    levels = tuple(levels)
    if not scheme.endorsement_highest_only or not levels:
        return levels
    return (max(levels, key=ENDORSEMENT_LEVELS.index),)


def item_points(
    scheme: Scheme,
    *,
    form: str,
    grade: str = "",
    adoptions: Sequence[str] = (),
    endorsements: Sequence[str] = (),
) -> Decimal:
    """Everything one released item earns."""
    counted = counted_endorsements(scheme, endorsements)
    return (
        quantity_points(scheme, {form: 1})
        + quality_points(scheme, {grade: 1} if grade else {})
        + adoption_points(scheme, _counts(adoptions))
        + endorsement_points(scheme, _counts(counted))
    )


def _counts(keys: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return counts


def is_late(scheme: Scheme, drafting_seconds: int | None) -> bool:
    return drafting_seconds is not None and drafting_seconds > late_threshold_seconds(scheme)


def late_threshold_seconds(scheme: Scheme) -> int:
    return scheme.late_after_days * DAY_SECONDS


def quota_shortfall(
    quota: int, released_by_quarter: Mapping[int, int], quarters: Iterable[int]
) -> int:
    """Items missing from a unit's quota over the quarters that count."""
    return sum(max(0, quota - released_by_quarter.get(q, 0)) for q in quarters)


@dataclass(frozen=True)
class LiaisonTally:
    """What a liaison did in a year, as counts (endorsements already reduced per item)."""

    released: Mapping[str, int]
    graded: Mapping[str, int]
    adoptions: Mapping[str, int]
    endorsements: Mapping[str, int]
    rejected: int = 0
    late: int = 0
    quota_missing: Decimal = ZERO


@dataclass(frozen=True)
class LiaisonScore:
    quantity: Decimal
    quality: Decimal
    adoption: Decimal
    endorsement: Decimal
    rejected_deduction: Decimal
    late_deduction: Decimal
    quota_deduction: Decimal

    @property
    def deductions(self) -> Decimal:
        return quantize(self.rejected_deduction + self.late_deduction + self.quota_deduction)

    @property
    def total(self) -> Decimal:
        gained = self.quantity + self.quality + self.adoption + self.endorsement
        return quantize(gained - self.deductions)


def liaison_score(scheme: Scheme, tally: LiaisonTally) -> LiaisonScore:
    return LiaisonScore(
        quantity=quantize(quantity_points(scheme, tally.released)),
        quality=quantize(quality_points(scheme, tally.graded)),
        adoption=quantize(adoption_points(scheme, tally.adoptions)),
        endorsement=quantize(endorsement_points(scheme, tally.endorsements)),
        rejected_deduction=quantize(scheme.rejected_deduction * tally.rejected),
        late_deduction=quantize(scheme.late_deduction * tally.late),
        quota_deduction=quantize(scheme.quota_deduction * tally.quota_missing),
    )


def quota_shares(missing_by_unit: Mapping[int, int], liaisons_by_unit: Mapping[int, int]):
    """Each liaison's share of its unit's missing items: the unit's shortfall split equally."""
    return {
        unit: Decimal(missing) / liaisons_by_unit[unit]
        for unit, missing in missing_by_unit.items()
        if liaisons_by_unit.get(unit)
    }


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """Ranks of ``totals`` (highest first); equal totals share a rank: 1, 2, 2, 4."""
    ordered = sorted(totals, reverse=True)
    first_place = {}
    for place, total in enumerate(ordered, start=1):
        first_place.setdefault(total, place)
    return [first_place[total] for total in totals]


def highlights(ranks: Sequence[int], count: int) -> tuple[frozenset[int], frozenset[int]]:
    """Indexes of the front (前列) and back (后列) ``count`` places, ties included, by rank
    alone: never more than half the list each, and a place in both (a tie across the middle,
    or everyone equal) is in neither, so a low total is never marked 前列 (issue 17)."""
    places = min(count, len(ranks) // 2)
    if places <= 0:
        return frozenset(), frozenset()
    front = {i for i, rank in enumerate(ranks) if rank <= places}
    back = {i for i, rank in enumerate(ranks) if sum(r > rank for r in ranks) < places}
    return frozenset(front - back), frozenset(back - front)


def days_overdue(*, days_since_update: int | None, interval_days: int) -> int | None:
    """Days past the update interval; None for a column never updated (it is empty instead)."""
    if days_since_update is None:
        return None
    return max(0, days_since_update - interval_days)


@dataclass(frozen=True)
class ColumnScore:
    base: Decimal
    items: Decimal
    overdue_deduction: Decimal
    empty_deduction: Decimal

    @property
    def total(self) -> Decimal:
        kept = self.base + self.items - self.overdue_deduction - self.empty_deduction
        return quantize(max(ZERO, kept))


def column_score(
    scheme: Scheme, *, released: Mapping[str, int], overdue_days: int | None, empty: bool
) -> ColumnScore:
    """The target score of one column for a period (R-21)."""
    return ColumnScore(
        base=quantize(scheme.column_base_points),
        items=quantize(min(scheme.column_item_cap, quantity_points(scheme, released))),
        overdue_deduction=quantize(scheme.column_overdue_deduction * (overdue_days or 0)),
        empty_deduction=quantize(scheme.column_empty_deduction if empty else ZERO),
    )


def rejection_rate(*, rejected: int, submitted: int) -> Decimal | None:
    """Rejected items per submitted item in a period, as a percentage; None without submissions."""
    if not submitted:
        return None
    return quantize(Decimal(100 * rejected) / submitted)


def quantize(value: Decimal) -> Decimal:
    """Two decimals, half up: how scores are shown and stored."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
