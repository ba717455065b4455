from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cms.security.models import PasswordRecord
from tests.factories.users import PASSWORD

LOGIN_URL = "/admin/login/"
CHANGE_URL = "/admin/password/change/"
NEW_PASSWORD = "Haikou#Xiuying2027"  # noqa: S105


def password_age(user, days: int) -> None:
    """Pretend the account chose its password ``days`` ago."""
    PasswordRecord.objects.filter(user_id=user.pk).update(
        changed_at=timezone.now() - timedelta(days=days)
    )


def sign_in(client, username, password=PASSWORD, *, address="192.0.2.10", **headers):
    data = {"username": username, "password": password}
    return client.post(LOGIN_URL, data, REMOTE_ADDR=address, **headers)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The sign-in rate limit counts per address in the cache, which outlives a test.
    cache.clear()


@pytest.fixture
def liaison(town_liaison):
    return town_liaison
