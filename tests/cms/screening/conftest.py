import importlib

import pytest
from django.core.cache import cache
from wagtail.rich_text import RichText

from cms.screening import leaders as leaders_service
from cms.screening import services as screening_service
from cms.screening.engine import Entry
from cms.screening.services import lexicon_load_defaults


def forget_compiled_lexicon():
    # Test transactions roll lexicon versions back, which no process sees in production.
    cache.delete(screening_service.VERSION_CACHE_KEY)
    screening_service._compiled = None
    cache.delete(leaders_service.REGISTER_CACHE_KEY)
    leaders_service._compiled = None


@pytest.fixture(autouse=True)
def _fresh_lexicon_state():
    forget_compiled_lexicon()
    yield
    forget_compiled_lexicon()


@pytest.fixture
def as_migrated(db):
    """The lexicon as ``migrate`` leaves a new site: the data migration's rows. A transactional
    test elsewhere in the worker empties every table (migrations' rows included), so the tests of
    the migrated state put them back with the migration's own function."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    name = "0009_default_lexicon_rows"
    # The models as that migration saw them: the lexicon's tables belonged to ``cms`` then.
    state = MigrationLoader(connection).project_state(("cms", name))
    importlib.import_module(f"cms.core.migrations.{name}").store_defaults(state.apps, None)


@pytest.fixture
def lexicon(db):
    """The shipped defaults stored in the table, plus ``lexicon.add(kind, term, ...)``."""
    lexicon_load_defaults()

    class Stored:
        @staticmethod
        def add(kind, term, category="", suggestion=""):
            from cms.screening.engine import export_csv
            from cms.screening.services import lexicon_import

            data = export_csv([Entry(kind, term, category, suggestion)])
            return lexicon_import(user=None, data=data, replace=False)

    return Stored()


def paragraph(html: str):
    return ("paragraph", RichText(html))
