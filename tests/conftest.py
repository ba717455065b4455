import os

import pytest
from django.core.management import call_command

from cms.core.models import UnitKind
from tests.browser.support import browser, page  # noqa: F401 - fixtures for every browser test
from tests.cms.core.crypto.tsa import tsa  # noqa: F401 - the loopback time-stamping authority
from tests.factories.pages import ColumnPageFactory, HomePageFactory
from tests.factories.units import SectionFactory, UnitFactory
from tests.factories.users import UserFactory
from tests.workflows.chain import ChainPeople


def require_external(program: str, reason: str):
    """Skip when an outside program is absent, or fail when CI says it must be there."""
    if os.environ.get("XIUYING_REQUIRE_EXTERNAL") == "1":
        pytest.fail(f"{program} is required in CI but unavailable: {reason}")
    pytest.skip(f"{program} unavailable: {reason}")


def ensure_wagtail_roots():
    """Wagtail's migrations create the root page, collection and locale (named 根目录 by
    cms/0011); a transactional test's flush empties them, and a reused test database keeps it
    that way. They come back as migrated, so no test depends on which test ran before it."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="根目录")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="根目录", slug="root", live=True))


def roles_missing() -> bool:
    from django.contrib.auth.models import Group

    from cms.core.conf import get_setting

    return not Group.objects.filter(name=get_setting("ROLE_NAMES")["site_admin"]).exists()


def base_roles_commit():
    """The suite's base state holds the roles' groups and permissions as ``setup_roles`` makes
    them (0.3 s a test otherwise), committed when the test database is set up and again after a
    transactional test's flush, so that a test's own changes to them roll back with it. It does
    not hold the security events that recorded their making: every test starts from an empty
    security log, as a test that makes the roles itself (``no_roles``) expects."""
    from django.db import connection

    if roles_missing():
        call_command("setup_roles", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        # The log is append-only; its retention trigger is PostgreSQL's.
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("DELETE FROM cms_securityevent")
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_wagtail_roots()
        base_roles_commit()


@pytest.fixture(autouse=True)
def _base_state_after_flush(request, django_db_blocker):
    """Declared before ``_wagtail_roots`` so that it is torn down after the flush that ends a
    transactional test: it puts back what the flush removed for the tests that follow."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        with django_db_blocker.unblock():
            ensure_wagtail_roots()
            base_roles_commit()


@pytest.fixture(autouse=True)
def _wagtail_roots(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
        ensure_wagtail_roots()


@pytest.fixture(autouse=True)
def _fresh_process_state():
    """Every test starts with empty caches: the database is rolled back or flushed between
    tests, but the local-memory cache and the values this process keeps (the compiled lexicon,
    the API's content generation) would otherwise carry one test's rows into the next."""
    from django.core.cache import caches

    from cms.api import cache as api_cache
    from cms.compliance import visits
    from cms.screening import services as screening_service

    for cache in caches.all():
        cache.clear()
    screening_service._compiled = None
    api_cache._memo.update(token=None, values={})
    visits._pending.clear()  # views a previous test counted but did not flush
    yield


@pytest.fixture
def roles(db):
    if roles_missing():  # a test inside a module-wide savepoint made before the base state
        call_command("setup_roles", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def no_roles(db):
    """A database where ``setup_roles`` has not run yet (the suite's base state has the roles)."""
    from django.contrib.auth.models import Group

    from cms.core.conf import get_setting

    Group.objects.filter(name__in=get_setting("ROLE_NAMES").values()).delete()


@pytest.fixture
def home(db):
    return HomePageFactory()


@pytest.fixture
def section(db):
    return SectionFactory(name="组织科")


@pytest.fixture
def town(db):
    return UnitFactory(name="长流镇", kind=UnitKind.TOWN)


@pytest.fixture
def other_town(db):
    return UnitFactory(name="西秀镇", kind=UnitKind.TOWN)


@pytest.fixture
def news_column(home, section, town):
    return news_column_make(home, section, town)


def news_column_make(home, section, town):
    """A news column owned by 组织科 that 长流镇 contributes to (西秀镇 does not)."""
    return ColumnPageFactory(
        parent=home,
        title="工作动态",
        slug="news",
        responsible_department=section,
        contributing_units=[town],
    )


@pytest.fixture
def make_user(roles):
    return user_make


@pytest.fixture
def town_liaison(make_user, town):
    return make_user("town_liaison", "liaison", unit=town)


@pytest.fixture
def other_liaison(make_user, other_town):
    return make_user("other_liaison", "liaison", unit=other_town)


@pytest.fixture
def site_admin(make_user, db):
    return make_user("site_admin", "site_admin", unit=SectionFactory(name="组织组"))


@pytest.fixture
def specialist(make_user, db):
    return make_user("specialist", "site_specialist", unit=UnitFactory(name="市信息中心"))


@pytest.fixture
def chain(roles, news_column, section, town, site_admin):
    """The demo's cast: liaisons of a department and a town, two proofreaders, approvers."""
    return chain_people(news_column, section, town, site_admin)


def user_make(username, *role_codes, unit):
    return UserFactory(username=username, roles=list(role_codes), unit=unit)


def chain_people(news_column, section, town, site_admin) -> ChainPeople:
    from workflows.services import chain_setup

    chain_setup()
    group = UnitFactory(name="组织组", kind=UnitKind.SECTION)
    return ChainPeople(
        column=news_column,
        dept_liaison=user_make("dept_liaison", "liaison", unit=section),
        town_liaison=user_make("town_liaison", "liaison", unit=town),
        proofreader1=user_make("proofreader1", "proofreader", unit=group),
        proofreader2=user_make("proofreader2", "proofreader", unit=group),
        unit_approver=user_make("unit_approver", "unit_approver", unit=town),
        dept_leader=user_make("dept_leader", "dept_leader", unit=section),
        minister=user_make("minister", "minister", unit=group),
        site_admin=site_admin,
    )


def chain_cast_make() -> ChainPeople:
    """The ``chain`` fixture's cast with everything it stands on, for a module-wide fixture
    (the function-scoped fixtures cannot serve one)."""
    section = SectionFactory(name="组织科")
    town = UnitFactory(name="长流镇", kind=UnitKind.TOWN)
    column = news_column_make(HomePageFactory(), section, town)
    site_admin = user_make("site_admin", "site_admin", unit=SectionFactory(name="组织组"))
    return chain_people(column, section, town, site_admin)


from django.test import Client  # noqa: E402 - appended with the fixture that needs it


class SecondFactorClient(Client):
    """pytest-django's test client, except that ``force_login`` also passes the second factor
    for accounts that have or need one, the way django-otp records it (``otp_device_id`` in the
    session). Every request still goes through the same gate; tests of the gate itself use a
    plain ``django.test.Client()``."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY

        from cms.security import two_factor
        from cms.security.models import SealedTOTPDevice
        from tests.cms.security.sessions.totp import TEST_SECRET

        if not (two_factor.two_factor_required(user) or two_factor.two_factor_enrolled(user)):
            return
        device = two_factor.totp_device(user) or SealedTOTPDevice.objects.create(
            user=user, key=two_factor.secret_hex(TEST_SECRET), confirmed=True
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client():
    return SecondFactorClient()


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    """Jobs queued in the database, as in production, instead of run at once (test settings)."""
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def queue_worker():
    """``queue_worker(**options)`` runs the real ``manage.py db_worker --batch`` in this process
    until the queue is empty, and returns its output; the loggers it configures for the process
    are put back afterwards. Needs ``django_db(transaction=True)``: the worker closes and opens
    connections as in production, which a test's enclosing transaction would not survive."""
    import io
    import logging

    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    saved = [(logger.level, list(logger.handlers)) for logger in loggers]

    def run(**options) -> str:
        out = io.StringIO()
        options = {"batch": True, "startup_delay": False, "reload": False, "interval": 0, **options}
        call_command("db_worker", stdout=out, **options)
        return out.getvalue()

    yield run
    for logger, (level, handlers) in zip(loggers, saved, strict=True):
        logger.setLevel(level)
        logger.handlers[:] = handlers
