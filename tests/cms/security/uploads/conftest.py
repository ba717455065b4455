"""Uploads against a real clamd (R-15): the shared daemon `.ci/clamav.sh` starts, or a private
one a test may stop. Without clamd these tests skip, or fail when XIUYING_REQUIRE_EXTERNAL=1."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from wagtail.models import Collection

from tests.cms.security.scanning.conftest import PrivateClamd, run_clamav_script
from tests.conftest import require_external


def stored_files(root: Path) -> list[str]:
    """Every file under ``root``, relative, so a test can say nothing was written."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def private_clamd():
    """A clamd of the test's own, so stopping it leaves the shared one alone."""
    if not (shutil.which("clamd") or Path("/usr/sbin/clamd").exists()):
        require_external("clamd", "the clamd program is not installed; run `bash .ci/clamav.sh`")
    workdir = tempfile.mkdtemp(prefix="clamd-upload-test-")
    env = {**os.environ, "CLAMD_DIR": workdir, "CLAMD_TCP_PORT": "off"}
    try:
        started = run_clamav_script(env, "start")
        if started.returncode != 0:
            require_external("clamd", f".ci/clamav.sh start failed: {started.stderr[-2000:]}")
        yield PrivateClamd(env, started.stdout.strip().splitlines()[-1])
    finally:
        run_clamav_script(env, "stop")
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def uploader(client, site_admin):
    client.force_login(site_admin)
    return client


@pytest.fixture
def root_collection(db):
    return Collection.get_first_root_node()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Alerts are de-duplicated in the cache; each test starts with none sent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
