"""Closing a year (年度考核归档): the year's results are stored as computed, with the scheme they
used, and from then on reports of that year read them and its scheme stays as it was (R-21, R-22).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.log_actions import log

from cms.core.office_time import office_today
from cms.core.selectors import user_roles
from liaisons import rules, scoring
from liaisons.column_assessment import column_rows
from liaisons.models import AssessmentYear, ScoringScheme
from liaisons.periods import period_of, reference_day
from liaisons.ranking import ranking_rows
from liaisons.selectors import row_to_json, year_scheme

CLOSE_DENIED = "只有网站管理员可以归档年度考核结果。"
YEAR_NOT_OVER = "{year}年尚未结束，不能归档。"
YEAR_ALREADY_CLOSED = "{year}年度考核已归档，归档结果不能更改。"
LOG_ACTION = "xiuying.assessment.close"


@transaction.atomic
def assessment_year_close(*, user, year: int, today: date | None = None) -> AssessmentYear:
    """Compute the year with its scheme and store the results; refuses a running or closed year."""
    if not rules.may_assess(roles=user_roles(user)):
        raise PermissionDenied(CLOSE_DENIED)
    today = today or office_today()
    if today < date(year + 1, 1, 1):
        raise ValidationError(YEAR_NOT_OVER.format(year=year))
    if AssessmentYear.objects.select_for_update().filter(year=year).exists():
        raise ValidationError(YEAR_ALREADY_CLOSED.format(year=year))
    scheme = year_scheme(year).scheme
    numbers = scoring.scheme_numbers(scheme)
    ScoringScheme.objects.get_or_create(year=year, defaults=scheme_row_fields(numbers))
    period = period_of(year=year)
    reference = reference_day(period, today)
    closed = AssessmentYear.objects.create(
        year=year,
        closed_by=user,
        scheme=numbers,
        columns={
            "reference_day": reference.isoformat(),
            "rows": [row_to_json(r) for r in column_rows(scheme, period, reference)],
        },
        liaisons=[row_to_json(r) for r in ranking_rows(scheme, year, today)],
    )
    log(instance=closed, action=LOG_ACTION, user=user, data={"year": year})
    return closed


def scheme_row_fields(numbers: dict) -> dict:
    """``ScoringScheme`` field values from plain numbers (the year keeps its own row)."""
    prefixes = {
        "form_points": "points",
        "grade_points": "grade",
        "adoption_points": "adoption",
        "endorsement_points": "endorsement",
    }
    values = {}
    for name, value in numbers.items():
        if name in prefixes:
            values.update({f"{prefixes[name]}_{key}": v for key, v in value.items()})
        else:
            values[name] = value
    return values
