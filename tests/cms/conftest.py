"""Fixtures of every app's tests under cms/: the shared clamd that uploads are scanned with."""

import pytest

from cms.security.clamav import ClamdClient, ClamdError
from tests.cms.security.scanning.conftest import clamd_url
from tests.conftest import require_external


def scanning_with(settings, url: str) -> None:
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_SCANNING": True, "CLAMD_URL": url}


@pytest.fixture
def scanning(settings):
    """Scanning on, with the shared clamd (EICAR-only signatures)."""
    url = clamd_url()
    try:
        ClamdClient(url, connect_timeout=3).ping()
    except ClamdError as error:
        require_external("clamd", f"no PONG from {url} ({error}); run `bash .ci/clamav.sh`")
    scanning_with(settings, url)
    return url
