import pytest
from django.core.cache import caches

from columns.services import article_create
from tests.factories.pages import ColumnPageFactory
from tests.workflows.chain import act, submit

RELEASE_SIGNERS = ("town_liaison", "unit_approver", "proofreader1", "proofreader2", "site_admin")


@pytest.fixture(autouse=True)
def _api_cache_clear():
    # Rate-limit counters and cached responses live in the cache: each test starts afresh.
    caches["default"].clear()
    yield
    caches["default"].clear()


def release_through_chain(chain, article):
    """Walk a town item through every step to its release, as tests/workflows does."""
    article = submit(article, chain.town_liaison)
    for signer in RELEASE_SIGNERS:
        act(article, getattr(chain, signer))
    article.refresh_from_db()
    return article


@pytest.fixture
def release(chain):
    """``release(title=..., column=..., **fields)``: a town liaison's item, released (R-08)."""

    def make(title="党建工作动态", column=None, **fields):
        column = column or chain.column
        article = article_create(user=chain.town_liaison, column=column, title=title, **fields)
        return release_through_chain(chain, article)

    return make


@pytest.fixture
def sub_column(chain, town):
    return ColumnPageFactory(
        parent=chain.column,
        title="基层动态",
        slug="grassroots",
        responsible_department=chain.column.responsible_department,
        contributing_units=[town],
    )


def paragraph(html):
    return ("paragraph", html)


def options(**values):
    """``override_settings`` for some project options, keeping the test settings' others."""
    from django.conf import settings
    from django.test import override_settings

    return override_settings(XIUYING={**settings.XIUYING, **values})
