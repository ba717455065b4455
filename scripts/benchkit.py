"""What the scripts under scripts/ share: a free port on 127.0.0.1, approval records for the
bulk items of ``seed_demo --articles`` so that the public API serves them, and a throwaway site
(settings, URLs and WSGI modules in a work folder, seeded, served by gunicorn) to load."""

import argparse
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--articles", type=int, default=2000, help="bulk items besides the demo")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each load run")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of runs, targets in turn")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    return parser.parse_args()


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def site_write(work: Path, *, settings: str, urls: str, wsgi: str) -> None:
    """The bench site's modules; ``settings`` is formatted with work, redis and secret."""
    secret = uuid.uuid4().hex[:12]
    # seed_demo is the demo app's command, installed by the development and test settings only.
    demo = '\nINSTALLED_APPS = [*INSTALLED_APPS, "cms.demo"]\n'
    (work / "bench_settings.py").write_text(
        settings.format(work=work, redis=redis_url(), secret=secret) + demo
    )
    (work / "bench_urls.py").write_text(urls)
    (work / "bench_wsgi.py").write_text(wsgi)


def site_environment(work: Path, **flags: bool) -> dict:
    """The bench site's environment; each flag becomes BENCH_<NAME> = "1" or "0"."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{work}{os.pathsep}{ROOT}",
        **{f"BENCH_{name.upper()}": "1" if on else "0" for name, on in flags.items()},
    }


def site_manage(work: Path, *args: str) -> None:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    # The command is this interpreter and fixed arguments, nothing from outside.
    environment = site_environment(work)
    subprocess.run(command, check=True, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL)  # noqa: S603


def site_seed(work: Path, articles: int) -> None:
    """Migrate and seed the bench site, then set Django up in this process on its settings."""
    site_manage(work, "migrate", "--noinput")
    site_manage(work, "seed_demo", "--force", "--articles", str(articles), "--verbosity", "0")
    os.environ.update(DJANGO_SETTINGS_MODULE="bench_settings")
    sys.path[:0] = [str(work), str(ROOT)]
    import django

    django.setup()


def site_serve(
    work: Path, port: int, workers: int, environment: dict, ready: Callable[[int], bool]
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:``port``, returned once ``ready(port)`` says it answers."""
    command = [
        sys.executable, "-m", "gunicorn", "bench_wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=work, env=environment)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if ready(port):
            return server
        time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def approve_bulk_items() -> int:
    """``seed_demo --articles`` inserts live rows without revisions or approval forms, which the
    API rightly never serves (R-08); give them approval records, in bulk, for the benchmark."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page, Revision

    from columns.models import ArticlePage
    from workflows.models import ApprovalForm

    pending = list(ArticlePage.objects.filter(live=True, live_revision__isnull=True))
    kinds = ContentType.objects.get_for_model(ArticlePage), ContentType.objects.get_for_model(Page)
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=kinds[0],
            base_content_type=kinds[1],
            object_id=str(page.pk),
            created_at=now,
            content={"pk": page.pk, "title": page.title},
            object_str=page.title,
        )
        for page in pending
    )
    for page, revision in zip(pending, revisions, strict=True):
        page.live_revision_id = revision.pk
    Page.objects.bulk_update(pending, ["live_revision"], batch_size=500)
    ApprovalForm.objects.bulk_create(
        ApprovalForm(
            article_page_id=page.pk,
            article_id=page.pk,
            article_title=page.title,
            status=ApprovalForm.Status.APPROVED,
            approved_revision_id=revision.pk,
            **dict.fromkeys(["column_title", "column_owner_name", "source_unit_name"], ""),
            drafter_name="",
        )
        for page, revision in zip(pending, revisions, strict=True)
    )
    return len(pending)
