import pytest
from django.contrib.auth.models import Group

from cms.core.conf import role_name
from cms.core.services import user_set_unit
from tests.factories.units import UnitFactory


def group(role: str) -> Group:
    return Group.objects.get(name=role_name(role))


def role_names(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


@pytest.fixture
def office(roles):
    return UnitFactory(name="组织组")


@pytest.fixture
def account_admin(make_user, office):
    return make_user("account_admin", "account_admin", unit=office)


@pytest.fixture
def minister(make_user, office):
    return make_user("minister", "minister", unit=office)


@pytest.fixture
def proofreader(make_user, office):
    return make_user("proofreader", "proofreader", unit=office)


@pytest.fixture
def root(django_user_model, office):
    root = django_user_model.objects.create_superuser("root", "root@xiuying.example", "x" * 16)
    user_set_unit(user=root, unit=office)
    return root
