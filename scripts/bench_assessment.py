"""Benchmark: the assessment reports at 10,000 and 100,000 items (R-20..R-22, R-25).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
    .venv/bin/python scripts/bench_assessment.py
(SQLite when DATABASE_URL is unset.) On a throwaway test database it builds the demo site, then
1,000 liaisons (with accounts) in 250 more units and 200 columns in all, then live items in bulk
with ``cms.demo.bulk.articles_bulk_create`` (what ``seed_demo --articles`` runs) and their
contribution records, adoptions and endorsements in bulk. At each size in BENCH_SIZES
(default "10000,100000") it prints the median time and the queries of each report.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
LIAISONS, COLUMNS, NEW_UNITS = 1000, 200, 250
UNITS_PER_COLUMN = 12
RUNS = 5
BATCH = 5000


def build_site():
    """The demo site, then units, liaisons with accounts and columns up to the benchmark's
    sizes; returns the ``DemoContext`` the bulk builder needs."""
    from cms.demo.seed import demo_seed

    context = demo_seed().context
    units = _units_create()
    writers = _liaisons_create(units, LIAISONS - len(_existing_liaisons()))
    columns, themes = _columns_create(context, units)
    by_unit: dict[int, list] = {}
    for writer in writers:
        by_unit.setdefault(writer.unit.pk, []).append(writer)
    all_writers = {
        slug: [w for unit_id in contributors for w in by_unit.get(unit_id, [])]
        for slug, contributors in columns.items()
    }
    return _context(context, all_writers, themes)


def _existing_liaisons():
    from liaisons.models import Liaison

    return Liaison.objects.all()


def _units_create():
    from cms.core.models import Unit, UnitKind

    kinds = [UnitKind.TOWN, UnitKind.DIRECT_ORGAN, UnitKind.ENTERPRISE_BRANCH]
    units = [
        Unit(name=f"基准单位{n:03d}", kind=kinds[n % 3], sort_order=1000 + n)
        for n in range(NEW_UNITS)
    ]
    return Unit.objects.bulk_create(units)


def _liaisons_create(units, count):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cms.core.conf import role_name
    from cms.core.models import UserProfile
    from cms.demo.catalogue import LIAISON_SINCE
    from cms.demo.writers import Writer
    from liaisons.models import Liaison

    user_model = get_user_model()
    user_model.objects.bulk_create(
        [
            user_model(username=f"bench{n:04d}", email=f"bench{n:04d}@x.example")
            for n in range(count)
        ]
    )
    users = list(user_model.objects.filter(username__startswith="bench").order_by("username"))
    Group.objects.get(name=role_name("liaison")).user_set.add(*users)
    unit_of = [units[n % len(units)] for n in range(count)]
    pairs = list(zip(users, unit_of, strict=True))
    UserProfile.objects.bulk_create([UserProfile(user=u, unit=unit) for u, unit in pairs])
    Liaison.objects.bulk_create(
        [
            Liaison(name=f"联络员{n:04d}", user=u, unit=unit, active_from=LIAISON_SINCE)
            for n, (u, unit) in enumerate(pairs)
        ]
    )
    made = Liaison.objects.filter(name__startswith="联络员").select_related("user", "unit")
    return [Writer(liaison.user, liaison.unit, liaison) for liaison in made]


def _columns_create(context, units):
    from cms.core.models import Unit, UnitKind
    from columns.models import ColumnKind, ColumnPage
    from home.models import HomePage

    home = HomePage.objects.get()
    sections = list(Unit.objects.filter(kind=UnitKind.SECTION))
    kinds = [ColumnKind.NEWS] * 3 + [ColumnKind.NOTICES, ColumnKind.POLICY, ColumnKind.EXPERIENCE]
    columns = {slug: [] for slug in context.columns}
    themes = dict(context.themes)
    for n in range(COLUMNS - len(context.columns)):
        kind = kinds[n % len(kinds)]
        column = ColumnPage(
            title=f"基准栏目{n:03d}",
            slug=f"bench-{n:03d}",
            responsible_department=sections[n % len(sections)],
            column_kind=kind,
        )
        home.add_child(instance=column)
        home.refresh_from_db()
        chosen = [units[(n * 7 + i) % len(units)] for i in range(UNITS_PER_COLUMN)]
        column.contributing_units.set(chosen)
        column.save()
        slug = f"bench-{n:03d}"
        context.columns[slug] = column
        columns[slug] = [unit.pk for unit in chosen]
        themes[slug] = "notices" if kind in (ColumnKind.NOTICES, ColumnKind.POLICY) else "news"
    return columns, themes


def _context(context, writers, themes):
    from cms.demo.writers import DemoContext

    merged = {**context.writers}
    for slug, found in writers.items():
        if found:
            merged[slug] = merged.get(slug, []) + found
    return DemoContext(
        columns=context.columns,
        writers=merged,
        themes=themes,
        media=context.media,
        accounts=context.accounts,
    )


def records_create(rng: random.Random) -> int:
    """Contribution records, adoptions and endorsements for live items that have none (bulk
    items skip the chain), in batches."""
    from columns.models import ArticlePage, ColumnPage
    from liaisons.models import Adoption, Contribution, Endorsement

    columns = {c.path: c for c in ColumnPage.objects.only("pk", "path", "responsible_department")}
    recorded = Contribution.objects.values("article_page_id")
    items = (
        ArticlePage.objects.filter(live=True)
        .exclude(pk__in=recorded)
        .values_list(
            "pk",
            "title",
            "liaison_id",
            "source_unit_id",
            "content_form",
            "path",
            "first_published_at",
        )
    )
    made = 0
    batch = []
    for row in items.iterator(chunk_size=BATCH):
        batch.append(_record(rng, row, columns))
        if len(batch) == BATCH:
            made += _records_save(rng, batch, Contribution, Adoption, Endorsement)
            batch = []
    return made + (_records_save(rng, batch, Contribution, Adoption, Endorsement) if batch else 0)


GRADES = ["", "", "excellent", "good", "good", "fair"]


def _record(rng, row, columns):
    from wagtail.models import Page

    from liaisons.models import Contribution

    pk, title, liaison_id, unit_id, form, path, published = row
    column = columns[path[: -Page.steplen]]
    submitted = published - timedelta(hours=rng.uniform(2, 72))
    drafted = submitted - timedelta(hours=rng.uniform(1, 120))
    rejected = submitted + timedelta(hours=1) if rng.random() < 0.1 else None
    return Contribution(
        article_id=pk,
        article_page_id=pk,
        title=title[:255],
        liaison_id=liaison_id,
        unit_id=unit_id,
        column_id=column.pk,
        department_id=column.responsible_department_id,
        content_form=form,
        status=Contribution.Status.RELEASED,
        drafted_at=drafted,
        submitted_at=submitted,
        released_at=published,
        rejected_at=rejected,
        rejection_count=int(rejected is not None),
        drafting_seconds=int((submitted - drafted).total_seconds()),
        release_seconds=int((published - submitted).total_seconds()),
        grade=rng.choice(GRADES),
    )


def _records_save(rng, batch, contribution_model, adoption_model, endorsement_model) -> int:
    saved = contribution_model.objects.bulk_create(batch)
    ids = dict(
        contribution_model.objects.filter(
            article_page_id__in=[r.article_page_id for r in saved]
        ).values_list("article_page_id", "pk")
    )
    adoptions, endorsements = [], []
    for record in saved:
        pk, day = ids[record.article_page_id], record.released_at.date() + timedelta(days=3)
        if rng.random() < 0.03:
            level = rng.choice(["city", "city", "province", "national"])
            adoptions.append(adoption_model(contribution_id=pk, level=level, outlet="海口日报",
                                            adopted_on=day))  # fmt: skip
        if rng.random() < 0.01:
            level = rng.choice(["district", "city", "province"])
            endorsements.append(endorsement_model(contribution_id=pk, level=level, leader="领导",
                                                  endorsed_on=day))  # fmt: skip
    adoption_model.objects.bulk_create(adoptions)
    endorsement_model.objects.bulk_create(endorsements)
    return len(saved)


def reports():
    from cms.core.office_time import office_today
    from liaisons import exports
    from liaisons.column_assessment import column_assessment
    from liaisons.freshness import freshness
    from liaisons.periods import period_of
    from liaisons.ranking import liaison_ranking

    year = office_today().year
    quarter = (office_today().month - 1) // 3 + 1
    return {
        "column assessment, year": lambda: column_assessment(period=period_of(year=year)),
        "column assessment, quarter": lambda: column_assessment(
            period=period_of(year=year, quarter=quarter)
        ),
        "liaison ranking, year": lambda: liaison_ranking(year=year),
        "freshness watch": freshness,
        "ranking XLSX (1,000 rows)": lambda: exports.liaison_ranking_file(
            liaison_ranking(year=year), "xlsx"
        ),
    }


def measure() -> dict[str, tuple[float, int]]:
    figures = {}
    for label, run in reports().items():
        times, count = [], 0
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
            count = len(queries)
        figures[label] = (statistics.median(times) * 1000, count)
    return figures


def grow(context, target: int, rng) -> None:
    from cms.demo.bulk import articles_bulk_create
    from columns.models import ArticlePage

    missing = target - ArticlePage.objects.filter(live=True).count()
    started = time.perf_counter()
    if missing > 0:
        articles_bulk_create(context, count=missing)
    _analyze()
    made = records_create(rng)
    _analyze()
    print(
        f"  built {max(missing, 0)} items and {made} records in "
        f"{time.perf_counter() - started:.1f} s"
    )


def _analyze():
    # Autovacuum would catch up later; a bulk load followed at once by queries needs fresh
    # statistics, or PostgreSQL plans for the tables as they were before.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results = {}
    try:
        started = time.perf_counter()
        context = build_site()
        print(f"database: {connection.vendor}; site built in {time.perf_counter() - started:.1f} s")
        rng = random.Random(2026)
        for size in SIZES:
            grow(context, size, rng)
            results[size] = measure()
        print(_summary())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    for size, figures in results.items():
        print(f"{size:>7} items: median of {RUNS} runs")
        for label, (ms, count) in figures.items():
            print(f"  {label:28} {ms:8.1f} ms  {count:2d} queries")
    _growth(results)


def _summary() -> str:
    from columns.models import ColumnPage
    from liaisons.models import Adoption, Contribution, Endorsement, Liaison

    return (
        f"liaisons {Liaison.objects.count()}, columns {ColumnPage.objects.count()}, records "
        f"{Contribution.objects.count()}, adoptions {Adoption.objects.count()}, endorsements "
        f"{Endorsement.objects.count()}"
    )


def _growth(results):
    sizes = sorted(results)
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    print(f"growth from {small} to {large} items ({large / small:.0f}x):")
    for label in results[small]:
        ratio = results[large][label][0] / results[small][label][0]
        print(f"  {label:28} x{ratio:5.1f}")


if __name__ == "__main__":
    main()
