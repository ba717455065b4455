"""The whole demo site in one call; running it again creates nothing new."""

from dataclasses import dataclass

from django.db import transaction

from cms.demo.accounts import AccountRow, accounts_ensure, liaisons_ensure
from cms.demo.articles import demo_articles_ensure
from cms.demo.compliance import compliance_demo_ensure
from cms.demo.leaders import demo_leaders_ensure
from cms.demo.pictures import mark_image_ensure, media_ensure
from cms.demo.site import (
    column_themes,
    columns_ensure,
    home_page_ensure,
    site_footer_ensure,
    units_ensure,
)
from cms.demo.writers import DemoContext, writers_by_column
from cms.security.role_setup import roles_setup
from workflows.services import chain_setup


@dataclass(frozen=True)
class SeedResult:
    accounts: list[AccountRow]
    articles_created: int
    context: DemoContext


@transaction.atomic
def demo_seed(*, password: str | None = None) -> SeedResult:
    """Roles and the approval chain, home page and its footer, units, columns, accounts,
    liaisons, media and demo items."""
    groups = roles_setup()
    chain_setup()
    demo_leaders_ensure()
    home = home_page_ensure()
    site_footer_ensure(mark_image_ensure())
    units = units_ensure()
    columns = columns_ensure(home, units)
    users, accounts = accounts_ensure(units=units, groups=groups, password=password)
    liaisons = liaisons_ensure(units=units, columns=columns, users=users)
    context = DemoContext(
        columns=columns,
        writers=writers_by_column(columns, liaisons=liaisons),
        themes=column_themes(),
        media=media_ensure(),
        accounts=users,
    )
    created = demo_articles_ensure(context)
    compliance_demo_ensure(context)  # a stale column, a dead link and a 暗链 for 合规体检
    return SeedResult(accounts, created, context)
