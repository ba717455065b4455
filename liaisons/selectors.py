"""Shared reads of the assessment: the scheme of a year, closed years, office time (R-21, R-22).

Every report is computed with the scheme of its own year: the year's ``ScoringScheme`` row; for
a year without one, the latest earlier year's numbers (or the defaults) until an administrator
saves one; for a closed year, the scheme stored when it was closed.
"""

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef

from cms.core.models import Unit
from cms.core.selectors import user_roles
from liaisons import rules, scoring
from liaisons.models import AssessmentYear, Liaison, ScoringScheme

ORIGIN_OWN = "{year}年度计分办法"
ORIGIN_CARRIED = "{year}年度尚无计分办法，沿用{source}年度的计分办法"
ORIGIN_DEFAULT = "尚无计分办法，按默认计分办法计算"
ORIGIN_CLOSED = "{year}年度已归档，使用归档时的计分办法"


@dataclass(frozen=True)
class YearScheme:
    scheme: scoring.Scheme
    origin: str
    closed: AssessmentYear | None = None


def year_scheme(year: int) -> YearScheme:
    """The scheme ``year`` is computed with, and where it comes from (two queries at most)."""
    closed = AssessmentYear.objects.filter(year=year).first()
    if closed is not None:
        scheme = scoring.scheme_from_numbers(year, closed.scheme)
        return YearScheme(scheme, ORIGIN_CLOSED.format(year=year), closed)
    row = ScoringScheme.objects.filter(year__lte=year).order_by("-year").first()
    if row is None:
        return YearScheme(scoring.default_scheme(year), ORIGIN_DEFAULT)
    scheme = scoring.scheme_from_numbers(year, row.numbers())
    if row.year == year:
        return YearScheme(scheme, ORIGIN_OWN.format(year=year))
    return YearScheme(scheme, ORIGIN_CARRIED.format(year=year, source=row.year))


def user_may_view_assessment(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return rules.may_view_assessment(roles=user_roles(user), is_superuser=user.is_superuser)


def user_may_assess(user) -> bool:
    return user.is_authenticated and user.is_active and rules.may_assess(roles=user_roles(user))


def units_without_liaison(*, today: date) -> list[Unit]:
    """Active units (the organisation group aside: it releases, it does not report) that have
    no liaison in office on ``today``; one per unit is the norm (article 6.1)."""
    in_office = Liaison.objects.filter(unit=OuterRef("pk"), active_from__lte=today).exclude(
        active_to__lt=today
    )
    return list(
        Unit.objects.filter(is_active=True, is_organisation_group=False).exclude(Exists(in_office))
    )


def row_to_json(row) -> dict:
    """A report row as JSON values (a closed year's stored results)."""
    return {f.name: _json_value(getattr(row, f.name)) for f in fields(row)}


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, frozenset | tuple):
        return sorted(value)
    return value


def row_from_json(row_class, values: dict):
    """The inverse of ``row_to_json``, by the row class's field annotations."""
    return row_class(**{f.name: _typed(f.type, values.get(f.name)) for f in fields(row_class)})


def _typed(annotation, value):
    if value is None:
        return None
    kinds = str(annotation)
    if "Decimal" in kinds:
        return Decimal(value)
    if "datetime" in kinds:
        return datetime.fromisoformat(value)
    if "frozenset" in kinds:
        return frozenset(value)
    return value
