"""Private PostgreSQL, Redis, clamd and gunicorn for one load run, each in the run's temporary
directory and on a port of its own on 127.0.0.1, so that stopping or restarting them never
touches the machine's shared services (PostgreSQL on 5432, Redis on 6379, /tmp/xiuying-clamd).

PostgreSQL: initdb and pg_ctl of the newest /usr/lib/postgresql/*/bin, run as the ``postgres``
user when this runs as root (https://www.postgresql.org/docs/current/app-pg-ctl.html).
"""

import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchkit import free_port

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60


def wait_until(probe, *, seconds: float, what: str) -> float:
    """Poll ``probe`` until it is true; the seconds it took. RuntimeError after ``seconds``."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if probe():
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError(f"{what} not ready after {seconds:.0f} s")


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    # Fixed programs with arguments built here, never from outside input.
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


class Postgres:
    def __init__(self, work: Path):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
        if not found:
            raise RuntimeError("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin)")
        self.bin = Path(found[-1]).parent
        self.data, self.sockets, self.log = work / "pg", work / "pgsock", work / "pg.log"
        self.port, self.started = free_port(), False

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/xiuying"

    def _as_owner(self, *command) -> list:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return list(command)

    def _ctl(self, *args) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1"
        ctl = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w"]
        run(self._as_owner(*ctl, "-o", options, *args))

    def start(self) -> None:
        for path in (self.data, self.sockets):
            path.mkdir()
            if os.geteuid() == 0:
                shutil.chown(path, "postgres", "postgres")
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.log, "postgres", "postgres")
        initdb = [str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres"]
        run(self._as_owner(*initdb, "--auth=trust", "-E", "UTF8", "--no-sync"))
        self._ctl("start")
        self.started = True
        createdb = [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
        run(self._as_owner(*createdb, "-U", "postgres", "xiuying"))

    def restart(self) -> None:
        self._ctl("-m", "fast", "restart")

    def stop(self) -> None:
        if self.started:
            self._ctl("-m", "fast", "stop")
            self.started = False


def _version(path: str) -> float:
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


class Redis:
    def __init__(self, work: Path):
        self.dir, self.port, self.process = work / "redis", free_port(), None
        self.dir.mkdir()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.dir), "--daemonize", "no",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
        wait_until(lambda: port_open(self.port), seconds=START_SECONDS, what="redis-server")

    def kill(self) -> None:
        """Gone at once, as in a crash: no shutdown, nothing saved."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    stop = kill


class Clamd:
    """.ci/clamav.sh with a directory of its own and no TCP listener."""

    def __init__(self, work: Path):
        self.dir, self.started = work / "clamd", False
        self.env = {**os.environ, "CLAMD_DIR": str(self.dir), "CLAMD_TCP_PORT": "off"}
        self.env.setdefault("PYTHON", sys.executable)

    @property
    def url(self) -> str:
        return f"unix://{self.dir}/clamd.ctl"

    def _script(self, action: str) -> None:
        run(["bash", str(ROOT / ".ci" / "clamav.sh"), action], env=self.env)

    def start(self) -> None:
        self._script("start")
        self.started = True

    def stop(self) -> None:
        if self.started:
            self._script("stop")
            self.started = False


class Gunicorn:
    """``make serve``'s command (config/gunicorn.py: gthread workers, keep-alive) on a free
    port, its output in the run's directory."""

    def __init__(self, work: Path, env: dict, name: str = "api"):
        self.port, self.env, self.process = free_port(), env, None
        self.log = work / f"gunicorn-{name}.log"

    def start(self) -> None:
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        command = [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [*command, "config.wsgi:application"], cwd=ROOT, env=env, stdout=log, stderr=log
            )
        wait_until(self._healthy, seconds=START_SECONDS, what="gunicorn")

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {self.log}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
