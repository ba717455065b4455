"""Year-end liaison ranking (信息联络员年度排名, R-22).

A fixed number of aggregate queries whatever the number of items: the liaisons of the year, the
contribution records grouped by liaison, adoptions and endorsements grouped by liaison and
level, and released items grouped by unit and quarter for the quotas. Points come from
``scoring.liaison_score`` with the year's scheme.

The population is every liaison active at some time in the year, and any liaison credited with
an event in it. The ranking is district-wide; filtering by unit keeps each liaison's rank.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When

from cms.core.conf import get_setting
from cms.core.office_time import day_start, office_today
from liaisons import scoring
from liaisons.models import Adoption, Contribution, Endorsement, Liaison
from liaisons.periods import Period, quarters_due
from liaisons.selectors import row_from_json, year_scheme

TOP, BOTTOM = "top", "bottom"
FORMS = scoring.FORMS


@dataclass(frozen=True)
class LiaisonRow:
    liaison_id: int
    name: str
    unit_id: int
    unit: str
    released: int
    graded: int
    adoptions: int
    endorsements: int
    rejected: int
    late: int
    quota_missing: Decimal
    quantity: Decimal
    quality: Decimal
    adoption: Decimal
    endorsement: Decimal
    deductions: Decimal
    total: Decimal
    rank: int
    highlight: str = ""


@dataclass(frozen=True)
class LiaisonRanking:
    year: int
    origin: str
    rows: tuple[LiaisonRow, ...]
    closed: bool = False


def liaison_ranking(
    *, year: int, today: date | None = None, unit_id: int | None = None
) -> LiaisonRanking:
    chosen = year_scheme(year)
    if chosen.closed is not None:
        rows = [row_from_json(LiaisonRow, values) for values in chosen.closed.liaisons]
        ranking = LiaisonRanking(year, chosen.origin, tuple(rows), closed=True)
    else:
        rows = ranking_rows(chosen.scheme, year, today or office_today())
        ranking = LiaisonRanking(year, chosen.origin, tuple(rows))
    if unit_id:
        ranking = replace(ranking, rows=tuple(r for r in ranking.rows if r.unit_id == unit_id))
    return ranking


def ranking_rows(scheme: scoring.Scheme, year: int, today: date) -> list[LiaisonRow]:
    start, end = day_start(date(year, 1, 1)), day_start(date(year + 1, 1, 1))
    liaisons = _liaisons(start, end)
    counts = _counts(scheme, start, end)
    adoptions = _by_level(_adoptions(year))
    endorsements = _by_level(_endorsements(scheme, year))
    shares = _quota_shares(scheme, year, today, liaisons, start, end)
    rows = [_row(scheme, liaison, counts, adoptions, endorsements, shares) for liaison in liaisons]
    return _ranked(rows)


def _liaisons(start, end) -> list[dict]:
    credited = Contribution.objects.filter(
        _in("released_at", start, end) | _in("submitted_at", start, end)
    ).values("liaison_id")
    active = Q(active_from__lt=end.date()) & (
        Q(active_to__isnull=True) | Q(active_to__gte=start.date())
    )
    return list(
        Liaison.objects.filter(active | Q(pk__in=credited))
        .order_by("unit__sort_order", "unit__name", "name", "pk")
        .values("pk", "name", "unit_id", "unit__name")
    )


def _in(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _counts(scheme, start, end) -> dict[int, dict]:
    released = _in("released_at", start, end)
    aggregates = {
        **{f"released_{f}": Count("pk", filter=released & Q(content_form=f)) for f in FORMS},
        **{f"graded_{g}": Count("pk", filter=released & Q(grade=g)) for g in scoring.GRADES},
        "rejected": Count("pk", filter=_in("rejected_at", start, end)),
        "late": Count(
            "pk",
            filter=_in("submitted_at", start, end)
            & Q(drafting_seconds__gt=scoring.late_threshold_seconds(scheme)),
        ),
    }
    rows = (
        Contribution.objects.filter(liaison_id__isnull=False)
        .filter(released | _in("rejected_at", start, end) | _in("submitted_at", start, end))
        .values("liaison_id")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("liaison_id"): row for row in rows}


def _year_dates(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": date(year, 1, 1), f"{field}__lt": date(year + 1, 1, 1)})


def _adoptions(year: int):
    return (
        Adoption.objects.filter(_year_dates("adopted_on", year))
        .filter(contribution__liaison_id__isnull=False)
        .values("contribution__liaison_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _level_rank():
    return Case(
        *(When(level=level, then=Value(i)) for i, level in enumerate(scoring.ENDORSEMENT_LEVELS)),
        output_field=IntegerField(),
    )


def _endorsements(scheme, year: int):
    rows = Endorsement.objects.filter(_year_dates("endorsed_on", year)).filter(
        contribution__liaison_id__isnull=False
    )
    if not scheme.endorsement_highest_only:
        counted = Count("pk")
    else:
        # Only each item's highest level in the year counts (scoring.counted_endorsements).
        higher = (
            Endorsement.objects.filter(_year_dates("endorsed_on", year))
            .filter(contribution_id=OuterRef("contribution_id"))
            .annotate(rank=_level_rank())
            .filter(rank__gt=OuterRef("rank"))
        )
        rows = rows.annotate(rank=_level_rank()).exclude(Exists(higher))
        counted = Count("contribution_id", distinct=True)
    return rows.values("contribution__liaison_id", "level").annotate(n=counted).order_by()


def _by_level(rows) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row["contribution__liaison_id"], {})[row["level"]] = row["n"]
    return out


def _quota_shares(scheme, year, today, liaisons, start, end) -> dict[int, Decimal]:
    per_unit: dict[int, int] = {}
    for liaison in liaisons:
        per_unit[liaison["unit_id"]] = per_unit.get(liaison["unit_id"], 0) + 1
    # Quarters as ranges of office-calendar days: plain comparisons, no time-zone function per row.
    quarters = {q: Period(year=year, quarter=q) for q in range(1, 5)}
    counts = {
        f"q{q}": Count("pk", filter=_in("released_at", day_start(p.start), day_start(p.end)))
        for q, p in quarters.items()
    }
    rows = (
        Contribution.objects.filter(_in("released_at", start, end), unit_id__in=list(per_unit))
        .values("unit_id")
        .annotate(**counts)
        .order_by()
    )
    released = {row["unit_id"]: {q: row[f"q{q}"] for q in quarters} for row in rows}
    due = quarters_due(year, today)
    missing = {
        unit: scoring.quota_shortfall(scheme.quarterly_quota, released.get(unit, {}), due)
        for unit in per_unit
    }
    return scoring.quota_shares(missing, per_unit)


def _row(scheme, liaison, counts, adoptions, endorsements, shares) -> LiaisonRow:
    own = counts.get(liaison["pk"], {})
    tally = scoring.LiaisonTally(
        released={f: own.get(f"released_{f}", 0) for f in scoring.FORMS},
        graded={g: own.get(f"graded_{g}", 0) for g in scoring.GRADES},
        adoptions=adoptions.get(liaison["pk"], {}),
        endorsements=endorsements.get(liaison["pk"], {}),
        rejected=own.get("rejected", 0),
        late=own.get("late", 0),
        quota_missing=shares.get(liaison["unit_id"], scoring.ZERO),
    )
    score = scoring.liaison_score(scheme, tally)
    return LiaisonRow(
        liaison_id=liaison["pk"],
        name=liaison["name"],
        unit_id=liaison["unit_id"],
        unit=liaison["unit__name"],
        released=sum(tally.released.values()),
        graded=sum(tally.graded.values()),
        adoptions=sum(tally.adoptions.values()),
        endorsements=sum(tally.endorsements.values()),
        rejected=tally.rejected,
        late=tally.late,
        quota_missing=scoring.quantize(tally.quota_missing),
        quantity=score.quantity,
        quality=score.quality,
        adoption=score.adoption,
        endorsement=score.endorsement,
        deductions=score.deductions,
        total=score.total,
        rank=0,
    )


def _ranked(rows: list[LiaisonRow]) -> list[LiaisonRow]:
    ranks = scoring.competition_ranks([row.total for row in rows])
    top, bottom = scoring.highlights(ranks, get_setting("ASSESSMENT_HIGHLIGHT_COUNT"))
    marked = [
        replace(row, rank=rank, highlight=TOP if i in top else BOTTOM if i in bottom else "")
        for i, (row, rank) in enumerate(zip(rows, ranks, strict=True))
    ]
    return sorted(marked, key=lambda row: (row.rank, row.unit, row.name))
