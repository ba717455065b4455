import pytest

from cms.models import UnitKind
from tests.factories.units import UnitFactory
from tests.workflows.chain import ChainPeople


@pytest.fixture
def chain(roles, news_column, section, town, make_user, site_admin):
    """The demo's cast: liaisons of a department and a town, two proofreaders, approvers."""
    from workflows.services import chain_setup

    chain_setup()
    group = UnitFactory(name="组织组", kind=UnitKind.SECTION)
    return ChainPeople(
        column=news_column,
        dept_liaison=make_user("dept_liaison", "liaison", unit=section),
        town_liaison=make_user("town_liaison", "liaison", unit=town),
        proofreader1=make_user("proofreader1", "proofreader", unit=group),
        proofreader2=make_user("proofreader2", "proofreader", unit=group),
        unit_approver=make_user("unit_approver", "unit_approver", unit=town),
        dept_leader=make_user("dept_leader", "dept_leader", unit=section),
        minister=make_user("minister", "minister", unit=group),
        site_admin=site_admin,
    )
