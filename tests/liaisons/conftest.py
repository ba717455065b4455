import pytest

from tests.liaisons.factories import LiaisonFactory


@pytest.fixture
def liaisons_of_chain(chain):
    """Liaison records for the chain's two liaison accounts."""
    return {
        "town": LiaisonFactory(
            name="符海燕", user=chain.town_liaison, unit=chain.town_liaison.xiuying_profile.unit
        ),
        "dept": LiaisonFactory(
            name="云雅婷", user=chain.dept_liaison, unit=chain.dept_liaison.xiuying_profile.unit
        ),
    }
