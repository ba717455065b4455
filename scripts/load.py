"""Load and faults (issue 8): the public API under many keep-alive connections, approvers working
the review queue at once, and PostgreSQL restarted, Redis killed and clamd stopped under load.
Prints a table of figures for each phase; exits non-zero when a target is missed.

    .venv/bin/python scripts/load.py [--seconds 60] [--connections 64]
                                     [--phases api,queue,postgres,redis,clamd]

Everything runs in a temporary directory with PRIVATE services on free ports of 127.0.0.1: a
PostgreSQL cluster, a Redis, a clamd (.ci/clamav.sh) and gunicorn with the production settings
(config/gunicorn.py, gthread workers) plus a settings module raising the per-address rate
limits, which a load generator on one address would otherwise hit. The machine's shared
PostgreSQL, Redis and clamd are never touched; traffic goes to 127.0.0.1 only; every phase is
bounded in time, and everything started is stopped at the end, whatever happens.
"""

import argparse
import base64
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from loadkit import admin, services, traffic

ROOT = services.ROOT
PHASES = ("api", "queue", "postgres", "redis", "clamd")
APPROVERS = (
    "proofreader1", "proofreader2", "unit_approver", "dept_leader", "group_leader",
    "cadre_leader", "talent_leader", "minister", "site_admin",
)  # fmt: skip
RACERS = ("proofreader1", "proofreader2")
UPLOADER = "liaison"
SCAN_REFUSED = "病毒扫描服务暂不可用"
SETTINGS = """
from config.settings.production import *  # noqa
# One load generator on one address: the per-address limits would throttle it (scripts/load.py).
XIUYING = {{**XIUYING, "API_RATE_LIMIT": "{big}/m", "API_SEARCH_RATE_LIMIT": "{big}/m",
    "LOGIN_RATE_LIMIT": "1000/m"}}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
"""
# seed_demo takes a fixed TOTP secret only with DEBUG on; the seed alone runs so.
SEED_SETTINGS = (
    "from load_settings import *  # noqa\nDEBUG = True\n"
    'INSTALLED_APPS = [*INSTALLED_APPS, "cms.demo"]\n'
)
STORAGE_ROOTS = ("MEDIA", "STATIC", "RELEASE_ARCHIVE", "QUARANTINE", "REPORTS")


class Run:
    """The private services and what the phases share."""

    def __init__(self, work: Path, args):
        self.work, self.args = work, args
        self.postgres, self.redis = services.Postgres(work), services.Redis(work)
        self.clamd = services.Clamd(work)
        self.password = f"Load#{secrets.token_hex(6)}x"
        self.totp = base64.b32encode(secrets.token_bytes(20)).decode()
        self.secret_key = secrets.token_urlsafe(50)
        self.key_ring = json.dumps({"1": base64.b64encode(secrets.token_bytes(32)).decode()})
        # Public traffic and the admin run in pools of their own, as docs/deploy.md has the
        # proxy route them, so 64 busy API connections never hold every thread an editor needs.
        self.server = self.admin_server = None
        self.paths: list[str] = []
        self.browsers: dict = {}
        self.admin_records: list = []
        self.successes: list = []
        self.failures = []

    def environment(self) -> dict:
        # The Makefile's development guess (UPLOAD_SCANNING=0 without a shared clamd) would make
        # production refuse to start; this run has its own clamd.
        inherited = {k: v for k, v in os.environ.items() if k != "UPLOAD_SCANNING"}
        return {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "load_settings",
            "PYTHONPATH": f"{self.work}{os.pathsep}{ROOT}",
            "SECRET_KEY": self.secret_key,
            # The run's own key ring (seals, encrypted fields), from the environment.
            "XIUYING_KEY_BACKEND": "env",
            "XIUYING_KEYS": self.key_ring,
            "PUBLIC_BASE_URL": "https://load.xiuying.example",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "CLAMD_URL": self.clamd.url,
            **{f"{name}_ROOT": str(self.work / name.lower()) for name in STORAGE_ROOTS},
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_MAX_REQUESTS": os.environ.get("GUNICORN_MAX_REQUESTS", "10000"),
        }

    def fail(self, message: str) -> None:
        self.failures.append(message)
        print(f"  !! {message}")


def manage(run: Run, *args: str, settings: str = "load_settings") -> None:
    env = {**run.environment(), "DJANGO_SETTINGS_MODULE": settings, "TASKS_BACKEND": "immediate"}
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    started = time.monotonic()
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    print(f"  manage.py {args[0]}: {time.monotonic() - started:.0f} s")


def prepare(run: Run) -> None:
    started = time.monotonic()
    for service in (run.postgres, run.redis, run.clamd):
        service.start()
    big = 10**9
    (run.work / "load_settings.py").write_text(SETTINGS.format(big=big))
    (run.work / "seed_settings.py").write_text(SEED_SETTINGS)
    manage(run, "migrate", "--noinput")
    manage(run, "setup_roles")
    seed = ["--force", "--password", run.password, "--totp-secret", run.totp]
    manage(run, "seed_demo", *seed, "--articles", str(run.args.articles), settings="seed_settings")
    manage(run, "collectstatic", "--noinput")
    approved, waiting = django_prepare(run)
    run.server = services.Gunicorn(run.work, run.environment())
    admin_pool = {"GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4"}
    run.admin_server = services.Gunicorn(run.work, {**run.environment(), **admin_pool}, "admin")
    run.server.start()
    run.admin_server.start()
    print(
        f"Private PostgreSQL on :{run.postgres.port}, Redis on :{run.redis.port}, clamd at "
        f"{run.clamd.url}, gunicorn on :{run.server.port} (API) and :{run.admin_server.port} "
        f"(admin); seeded the demo site, "
        f"{run.args.articles} bulk items ({approved} given approval records) and {waiting} "
        f"items waiting at 一校, in {time.monotonic() - started:.0f} s."
    )


def django_prepare(run: Run) -> tuple[int, int]:
    os.environ.update(run.environment())
    sys.path[:0] = [str(run.work), str(ROOT)]
    import django

    django.setup()
    from benchkit import approve_bulk_items
    from django.db import connections
    from loadkit.checks import waiting_items_create

    result = approve_bulk_items(), waiting_items_create(run.args.items)
    connections.close_all()
    return result


def api_paths(port: int) -> list[str]:
    browser = admin.Browser(port, [])
    site = json.loads(browser.get("/api/v1/site").text)
    columns = [column["id"] for column in _flatten(site["columns"])]
    ids = []
    for page in range(1, 5):
        listing = json.loads(browser.get(f"/api/v1/articles?page_size=50&page={page}").text)
        ids += [item["id"] for item in listing["items"]]
    return traffic.api_mix(ids, columns)


def _flatten(columns: list) -> list:
    return [node for column in columns for node in (column, *_flatten(column["children"]))]


def load(run: Run, seconds: float) -> traffic.LoadRun:
    return traffic.LoadRun(
        port=run.server.port,
        paths=run.paths,
        seconds=seconds,
        connections=run.args.connections,
        processes=run.args.processes,
    ).start()


def report(label: str, api: traffic.LoadRun, admin_from: int, run: Run) -> list:
    records, retries = api.join()
    admin_records = run.admin_records[admin_from:]
    ended = time.time()
    rows = [traffic.figures("API", records, api.started, ended)]
    if admin_records:
        rows.append(
            traffic.figures("admin (approvers, uploads)", admin_records, api.started, ended)
        )
    load1, load5, _ = os.getloadavg()
    print(f"\n== {label}  (load average {load1:.1f} / {load5:.1f})")
    print(traffic.table(rows))
    browsers = sum(browser.retries for browser in run.browsers.values())
    print(f"keep-alive connections closed by the server, request sent again: API {retries}", end="")
    print(f", approvers {browsers} (all phases so far)")
    return records


def approvers_work(run: Run, deadline: float) -> tuple[list, list[threading.Thread]]:
    attempts: list = []
    threads = [
        threading.Thread(target=admin.work_queue, args=(browser, name, deadline, attempts))
        for name, browser in run.browsers.items()
    ]
    for thread in threads:
        thread.start()
    return attempts, threads


def approvers_done(run: Run, attempts: list, threads: list) -> None:
    for thread in threads:
        thread.join(timeout=admin.TIMEOUT_SECONDS * 3)
    succeeded = [a for a in attempts if a.succeeded]
    run.successes += succeeded
    refused = [a for a in attempts if not a.succeeded]
    kinds = {}
    for attempt in refused:
        kind = attempt.message or f"HTTP {attempt.status}"
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"approvals: {len(succeeded)} succeeded, {len(refused)} not ({kinds or 'none'})")


def verify(run: Run) -> None:
    from loadkit.checks import approvals_verify

    problems = approvals_verify(run.successes)
    print(
        f"database: {len(run.successes)} successful approvals so far, each recorded once, "
        f"no step approved twice, no step passed over: {'yes' if not problems else 'NO'}"
    )
    for problem in problems[:20]:
        run.fail(problem)


def expect_no_errors(run: Run, label: str, records: list) -> None:
    errors = traffic.error_window(records).errors
    if errors:
        run.fail(f"{label}: {errors} API errors (target: none)")


def phase_api(run: Run) -> None:
    label = f"API: {run.args.connections} keep-alive connections, {run.args.seconds:.0f} s"
    records = report(label, load(run, run.args.seconds), len(run.admin_records), run)
    expect_no_errors(run, "API phase", records)


def sign_in_approvers(run: Run) -> None:
    if run.browsers:
        return
    for name in APPROVERS:
        browser = admin.Browser(run.admin_server.port, run.admin_records)
        admin.sign_in(browser, name, run.password, run.totp)
        run.browsers[name] = browser


def phase_queue(run: Run) -> None:
    sign_in_approvers(run)
    mark, seconds = len(run.admin_records), run.args.fault_seconds
    api = load(run, seconds)
    raced = race(run)
    attempts, threads = approvers_work(run, api.deadline - 1)
    approvers_done(run, attempts + raced, threads)
    records = report(
        f"Moderation queue: {len(run.browsers)} approvers with the API load", api, mark, run
    )
    expect_no_errors(run, "queue phase", records)
    verify(run)


def race(run: Run) -> list:
    pages = admin.queue_items(run.browsers[RACERS[0]])
    if not pages:
        run.fail("race: nothing waits for the proofreaders")
        return []
    attempts = admin.race({name: run.browsers[name] for name in RACERS}, pages[0])
    outcome = ", ".join(
        f"{a.username}: {'approved' if a.succeeded else a.message or a.status}" for a in attempts
    )
    print(f"race on item {pages[0]} (一校), both pressing 同意 at once: {outcome}")
    if sum(a.succeeded for a in attempts) != 1:
        run.fail("race: not exactly one approval")
    return attempts


def phase_postgres(run: Run) -> None:
    sign_in_approvers(run)
    mark, seconds = len(run.admin_records), run.args.fault_seconds
    api = load(run, seconds)
    attempts, threads = approvers_work(run, api.deadline - 1)
    time.sleep(seconds / 3)
    fault_at = time.time()
    run.postgres.restart()
    back_at = time.time()
    approvers_done(run, attempts, threads)
    records = report("PostgreSQL restarted (pg_ctl restart -m fast)", api, mark, run)
    print(f"pg_ctl restart took {back_at - fault_at:.1f} s")
    for label, rows in (("API", records), ("admin", run.admin_records[mark:])):
        window = traffic.error_window(rows)
        print(f"{label}: {window.describe(fault_at)}")
        timeline = traffic.per_second(rows, fault_at, 8)
        print(f"  errors/requests in each second from the restart: {timeline}")
        if window.errors and not window.recovered:
            run.fail(f"{label} did not recover after the PostgreSQL restart")
        if window.errors and window.first < fault_at - 1:
            run.fail(f"{label} had errors before the restart")
    verify(run)


def phase_redis(run: Run) -> None:
    sign_in_approvers(run)
    mark, seconds = len(run.admin_records), run.args.fault_seconds
    api = load(run, seconds)
    attempts, threads = approvers_work(run, api.deadline - 1)
    time.sleep(seconds / 4)
    run.redis.kill()
    down_at = time.time()
    time.sleep(1)
    newcomer = admin.Browser(run.admin_server.port, run.admin_records)
    try:
        admin.sign_in(newcomer, UPLOADER, run.password, run.totp)
        print(f"Redis down: {UPLOADER} signed in through the login form (rate limit failing open)")
    except RuntimeError as error:
        run.fail(f"sign-in without Redis: {error}")
    readyz(run, "Redis down", expect_ok=False)
    time.sleep(max(0.0, down_at + seconds / 3 - time.time()))
    run.redis.start()
    up_at = time.time()
    approvers_done(run, attempts, threads)
    records = report("Redis killed, then started again", api, mark, run)
    during = [r for r in records if down_at <= r[0] < up_at]
    down = traffic.figures("API while Redis was down", during, down_at, up_at)
    print(traffic.table([down]).split("\n", 1)[1])
    expect_no_errors(run, "Redis phase", records)
    warnings = (run.server.log.read_text(errors="replace")).count("Redis unreachable")
    print(
        f"gunicorn log: {warnings} 'Redis unreachable' warnings (at most one a minute per worker)"
    )
    cache_used_again(run)
    verify(run)


def cache_used_again(run: Run) -> None:
    import redis

    client = redis.Redis.from_url(run.redis.url)
    before = client.info("stats")["keyspace_hits"]
    browser = admin.Browser(run.server.port, [])
    for _ in range(5):
        browser.get("/api/v1/site")
    hits, keys = client.info("stats")["keyspace_hits"] - before, client.dbsize()
    print(f"Redis again: {keys} keys, {hits} cache hits for 5 requests of /api/v1/site")
    if not hits:
        run.fail("the cache is not used after Redis came back")
    client.close()


def readyz(run: Run, label: str, *, expect_ok: bool) -> None:
    answer = admin.Browser(run.server.port, []).get("/readyz")
    try:
        checks = json.loads(answer.text)["checks"]
    except (ValueError, KeyError):
        print(f"{label}: /readyz answered {answer.status} without checks; skipped")
        return
    states = ", ".join(f"{name} {'ok' if c['ok'] else 'FAIL'}" for name, c in checks.items())
    print(f"{label}: /readyz {answer.status}: {states}")
    if (answer.status == 200) != expect_ok:
        run.fail(f"{label}: /readyz answered {answer.status}")


def phase_clamd(run: Run) -> None:
    from loadkit.checks import image_count

    mark = len(run.admin_records)
    api = load(run, run.args.clamd_seconds)
    uploader = admin.Browser(run.admin_server.port, run.admin_records)
    admin.sign_in(uploader, UPLOADER, run.password, run.totp)
    before = image_count()
    control = admin.upload_image(uploader, "负载测试图片（clamd 运行中）")
    saved = image_count() - before
    print(f"clamd up: upload answered {control.status}, images saved: {saved}")
    run.clamd.stop()
    before = image_count()
    refused = admin.upload_image(uploader, "负载测试图片（clamd 已停止）")
    saved = image_count() - before
    shown = SCAN_REFUSED in refused.text
    print(f"clamd down: upload answered {refused.status}, message shown: {shown}, saved: {saved}")
    if refused.status != 200 or not shown or saved:
        run.fail("upload without clamd was not refused with the message, or something was saved")
    dashboard = uploader.get("/admin/")
    print(f"clamd down: the dashboard answered {dashboard.status}")
    readyz(run, "clamd down", expect_ok=False)
    records = report("clamd stopped", api, mark, run)
    expect_no_errors(run, "clamd phase", records)
    run.clamd.start()
    readyz(run, "clamd started again", expect_ok=True)


def main() -> int:
    args = arguments()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="xiuying-load-") as tmp:
        work = Path(tmp)
        work.chmod(0o711)  # the postgres and clamav users must reach their directories
        run = Run(work, args)
        try:
            prepare(run)
            run.paths = api_paths(run.server.port)
            for phase in args.phases:
                globals()[f"phase_{phase}"](run)
        finally:
            stop_everything(run)
            keep_logs(run, args.log_dir)
    print(f"\n{len(run.failures)} target(s) missed" if run.failures else "\nEvery target met.")
    return 1 if run.failures else 0


def stop_everything(run: Run) -> None:
    for service in (run.server, run.admin_server, run.clamd, run.redis, run.postgres):
        if service is None:
            continue
        try:
            service.stop()
        except Exception as error:  # keep stopping the others
            print(f"stopping {type(service).__name__}: {error}", file=sys.stderr)


def keep_logs(run: Run, log_dir: str) -> None:
    if not log_dir:
        return
    target = Path(log_dir)
    target.mkdir(parents=True, exist_ok=True)
    for log in ("gunicorn-api.log", "gunicorn-admin.log", "pg.log", "clamd/clamd.log"):
        if (run.work / log).exists():
            (target / Path(log).name).write_bytes((run.work / log).read_bytes())
    print(f"logs kept in {target}")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the API phase")
    parser.add_argument("--connections", type=int, default=64, help="keep-alive connections")
    parser.add_argument("--processes", type=int, default=4, help="load generator processes")
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated, in order")
    parser.add_argument("--fault-seconds", type=float, default=30, help="queue and fault phases")
    parser.add_argument("--clamd-seconds", type=float, default=15, help="the clamd phase")
    parser.add_argument("--articles", type=int, default=1000, help="bulk items besides the demo")
    parser.add_argument("--items", type=int, default=32, help="items waiting for the approvers")
    parser.add_argument("--log-dir", default="", help="keep the servers' logs here")
    args = parser.parse_args()
    args.phases = [phase.strip() for phase in args.phases.split(",") if phase.strip()]
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    return args


if __name__ == "__main__":
    sys.exit(main())
