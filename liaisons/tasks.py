"""The assessment reports as background jobs (R-25): the files ``manage.py assessment_report``
writes and the admin downloads, built by the worker and kept in the ``reports`` storage (outside
MEDIA_ROOT, never served), for years too large to build inside a request.

Thin by design: the reports themselves are ``liaisons.exports`` and the selectors it renders.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django_tasks import task

from liaisons import exports
from liaisons.column_assessment import column_assessment
from liaisons.freshness import freshness
from liaisons.periods import period_of
from liaisons.ranking import liaison_ranking

KINDS = ("columns", "liaisons", "freshness")


def assessment_report_file(*, kind: str, fmt: str, year: int, quarter=None, month=None) -> bytes:
    if kind == "liaisons":
        return exports.liaison_ranking_file(liaison_ranking(year=year), fmt)
    if kind == "freshness":
        return exports.freshness_file(freshness(), fmt)
    period = period_of(year=year, quarter=quarter, month=month)
    return exports.column_assessment_file(column_assessment(period=period), fmt)


@task()
def assessment_report_task(
    kind: str, fmt: str, year: int, quarter: int | None = None, month: int | None = None
) -> dict:
    """Build the report and store it; returns the stored name and size in bytes."""
    data = assessment_report_file(kind=kind, fmt=fmt, year=year, quarter=quarter, month=month)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    name = storages["reports"].save(f"{kind}-{year}-{stamp}.{fmt}", ContentFile(data))
    return {"name": name, "size": len(data)}
