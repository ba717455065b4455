"""Fixtures for the upload-security tests: where to find a real clamd.

These tests need neither Django nor a database. Tests that need clamd skip
with a reason when it is not reachable, unless ``XIUYING_REQUIRE_EXTERNAL=1``
(set in CI), in which case they fail: CI must start clamd with
``bash .ci/clamav.sh`` before running pytest.

Environment:
    CLAMD_URL       where the daemon listens (default: the unix socket that
                    .ci/clamav.sh creates, unix:///tmp/xiuying-clamd/clamd.ctl,
                    or $CLAMD_DIR/clamd.ctl when CLAMD_DIR is set)
    CLAMD_TCP_URL   the daemon's TCP listener (default clamd://127.0.0.1:3310)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from cms.security.clamav import ClamdClient, ClamdError

REPO_ROOT = Path(__file__).resolve().parents[4]
CLAMAV_SCRIPT = REPO_ROOT / ".ci" / "clamav.sh"
REQUIRE_EXTERNAL_ENV = "XIUYING_REQUIRE_EXTERNAL"
DEFAULT_CLAMD_DIR = "/tmp/xiuying-clamd"  # noqa: S108 - matches .ci/clamav.sh
DEFAULT_TCP_URL = "clamd://127.0.0.1:3310"


def external_required() -> bool:
    return os.environ.get(REQUIRE_EXTERNAL_ENV) == "1"


def require_external(program: str, reason: str) -> NoReturn:
    """Skip when an outside program is unavailable, or fail when CI requires it."""
    if external_required():
        pytest.fail(f"{program} is required ({REQUIRE_EXTERNAL_ENV}=1) but unavailable: {reason}")
    pytest.skip(f"{program} unavailable: {reason}")


def clamd_url() -> str:
    if url := os.environ.get("CLAMD_URL"):
        return url
    clamd_dir = os.environ.get("CLAMD_DIR") or DEFAULT_CLAMD_DIR
    return f"unix://{clamd_dir}/clamd.ctl"


def connect_or_skip(url: str) -> ClamdClient:
    client = ClamdClient(url, timeout=60, connect_timeout=3)
    try:
        client.ping()
    except ClamdError as exc:
        require_external("clamd", f"no PONG from {url} ({exc}); start it with `bash .ci/clamav.sh`")
    return client


@pytest.fixture(scope="session")
def clamd() -> ClamdClient:
    """A client for the real clamd started by .ci/clamav.sh (EICAR-only database)."""
    return connect_or_skip(clamd_url())


@pytest.fixture(scope="session")
def clamd_tcp() -> ClamdClient:
    """The same daemon through its TCP listener."""
    return connect_or_skip(os.environ.get("CLAMD_TCP_URL") or DEFAULT_TCP_URL)


@pytest.fixture(scope="session")
def clamd_binary() -> str:
    """Path of the clamd program (for tests that start their own daemon)."""
    for candidate in (shutil.which("clamd"), "/usr/sbin/clamd", "/usr/local/sbin/clamd"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    require_external("clamd", "the clamd program is not installed; run `bash .ci/clamav.sh`")


def run_clamav_script(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run(  # noqa: S603 - fixed script from this repository
        [bash, str(CLAMAV_SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@dataclass
class PrivateClamd:
    """A clamd of its own, started by .ci/clamav.sh in a temporary CLAMD_DIR."""

    env: dict[str, str]
    socket_path: str

    def client(self, **kwargs: float) -> ClamdClient:
        return ClamdClient(f"unix://{self.socket_path}", **kwargs)

    def script(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_clamav_script(self.env, *args)


@pytest.fixture
def private_clamd(clamd_binary: str) -> Iterator[PrivateClamd]:
    """Lets a test stop "its" daemon without disturbing the shared one (TCP off)."""
    workdir = tempfile.mkdtemp(prefix="clamd-test-")
    env = {**os.environ, "CLAMD_DIR": workdir, "CLAMD_TCP_PORT": "off"}
    try:
        started = run_clamav_script(env, "start")
        if started.returncode != 0:
            require_external("clamd", f".ci/clamav.sh start failed: {started.stderr[-2000:]}")
        socket_path = started.stdout.strip().splitlines()[-1]
        assert socket_path == f"{workdir}/clamd.ctl"
        yield PrivateClamd(env, socket_path)
    finally:
        run_clamav_script(env, "stop")
        shutil.rmtree(workdir, ignore_errors=True)
