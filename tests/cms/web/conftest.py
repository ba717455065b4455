import pytest

from tests.cms.api.conftest import _api_cache_clear, options, release, sub_column  # noqa: F401
from tests.cms.api.media import image_create


@pytest.fixture
def picture(db):
    return image_create("党员志愿服务现场", size=(1600, 900))


def html_of(response) -> str:
    return response.content.decode()
