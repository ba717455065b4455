"""Benchmark: queries and time of one approval action (R-19), on a throwaway test database.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
    .venv/bin/python scripts/bench_approval.py
(SQLite when DATABASE_URL is unset; BENCH_ITEMS sets N). Prints the median and p90 over N
actions per step kind.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

ITEMS = int(os.environ.get("BENCH_ITEMS", "30"))


def build_people():
    from cms.core.models import UnitKind
    from cms.security.role_setup import roles_setup
    from tests.factories.pages import ColumnPageFactory, HomePageFactory
    from tests.factories.units import SectionFactory, UnitFactory
    from tests.factories.users import UserFactory
    from tests.workflows.chain import ChainPeople
    from workflows.services import chain_setup

    roles_setup()
    chain_setup()
    section, town = SectionFactory(name="组织科"), UnitFactory(name="长流镇", kind=UnitKind.TOWN)
    group = SectionFactory(name="组织组")
    column = ColumnPageFactory(
        parent=HomePageFactory(), responsible_department=section, contributing_units=[town]
    )

    def user(name, role, unit):
        return UserFactory(username=name, roles=[role], unit=unit)

    return ChainPeople(
        column=column,
        dept_liaison=user("dl", "liaison", section),
        town_liaison=user("tl", "liaison", town),
        proofreader1=user("p1", "proofreader", group),
        proofreader2=user("p2", "proofreader", group),
        unit_approver=user("ua", "unit_approver", town),
        dept_leader=user("lead", "dept_leader", section),
        minister=user("min", "minister", group),
        site_admin=user("admin", "site_admin", group),
    )


def measure(people):
    from tests.workflows.chain import act, draft, submit

    figures = {}
    for n in range(ITEMS):
        article = submit(draft(people, people.town_liaison, title=f"基准{n}"), people.town_liaison)
        for label, user in [
            ("drafter", people.town_liaison),
            ("unit", people.unit_approver),
            ("proofread_1", people.proofreader1),
            ("proofread_2", people.proofreader2),
            ("release (publishes)", people.site_admin),
        ]:
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                act(article, user)
                elapsed = time.perf_counter() - start
            figures.setdefault(label, []).append((elapsed * 1000, len(queries)))
            if os.environ.get("BENCH_SHOW_QUERIES") == label and n == 0:
                for query in queries.captured_queries:
                    print(query["sql"][:160])
    return figures


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        figures = measure(build_people())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(
        f"database: {connection.vendor}; {ITEMS} items; one approval action (service + "
        "Wagtail transition + records):"
    )
    for label, rows in figures.items():
        ms = sorted(r[0] for r in rows)
        counts = sorted(r[1] for r in rows)
        print(
            f"  {label:22} median {statistics.median(ms):6.1f} ms  "
            f"p90 {ms[int(len(ms) * 0.9) - 1]:6.1f} ms  queries {counts[0]}–{counts[-1]}"
        )


if __name__ == "__main__":
    main()
