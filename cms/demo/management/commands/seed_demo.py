import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from cms.demo.accounts import DemoPasswordRefused
from cms.demo.bulk import articles_bulk_create
from cms.demo.report import accounts_table
from cms.demo.seed import demo_seed
from cms.demo.two_factor import demo_two_factor_ensure

DEBUG_OFF = (
    "DEBUG 已关闭，这可能是生产环境：seed_demo 会创建演示账号和公开的默认密码。"
    "确需在此运行请加 --force。"
)
BULK_HINT = (
    "批量信息只供性能测试：未经审批链，audit_releases 会把它们列为未经审批的线上信息。\n"
    "批量信息未进入搜索索引和引用索引，需要时运行：\n"
    "  python manage.py update_index\n"
    "  python manage.py rebuild_references_index"
)

# The demo addresses are fictitious (xiuying.example): the chain's notifications go nowhere.
SILENT_EMAIL = "django.core.mail.backends.dummy.EmailBackend"
# The seed is a script: its jobs (search indexing above all) run inline whatever TASKS_BACKEND
# says. Queued, they waited for a worker, and the API's search found nothing until one ran or
# `update_index` was run by hand (issue 11).
INLINE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Wagtail and django-tasks log every page save at INFO; shown only with --verbosity 2.
CHATTY_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def _loggers_quiet(verbosity: int):
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING if verbosity < 2 else logger.level)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


TOTP_SECRET_DEV_ONLY = "--totp-secret 仅用于开发环境（DEBUG 开启时）。"  # noqa: S105


class Command(BaseCommand):
    help = "Build the demo site of 秀英党建网: units, columns, accounts, liaisons and items."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo account (set each run).")
        parser.add_argument(
            "--articles", type=int, default=0, help="Add N more live items in bulk (benchmarks)."
        )
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument(
            "--totp-secret",
            help="Base32 TOTP secret for every demo account that needs two factors "
            "(development only; without it each such account gets its own, printed).",
        )

    def handle(self, *args, password=None, articles=0, force=False, verbosity=1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(DEBUG_OFF)
        totp_secret = options.get("totp_secret")
        if totp_secret and not settings.DEBUG:
            raise CommandError(TOTP_SECRET_DEV_ONLY)
        if articles < 0:
            raise CommandError("--articles 必须是非负整数。")
        # The demo's pictures are drawn without text: reading them is the worker's job after
        # upload, which a seed inside one transaction would wait for in vain (issue 16).
        no_ocr = {**settings.XIUYING, "SCREENING_OCR": False}
        inline = override_settings(EMAIL_BACKEND=SILENT_EMAIL, TASKS=INLINE_TASKS, XIUYING=no_ocr)
        with _loggers_quiet(verbosity), inline:
            result = self._seed(password)
            self._two_factor(result, totp_secret)
            if articles:
                self._bulk(result.context, articles, progress=verbosity > 0)
        self._report(result)

    def _seed(self, password):
        started = time.perf_counter()
        try:
            result = demo_seed(password=password)
        except DemoPasswordRefused as error:
            raise CommandError("密码不符合要求：" + " ".join(error.messages)) from error
        except ValidationError as error:  # e.g. a demo picture refused, the virus scanner down
            raise CommandError("演示数据未能生成：" + " ".join(error.messages)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(f"新建演示信息 {result.articles_created} 条，用时 {elapsed:.1f} 秒。")
        return result

    def _two_factor(self, result, secret):
        try:
            enrolled = demo_two_factor_ensure(result.context.accounts, secret)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for username, account_secret in enrolled.items():
            self.stdout.write(f"{username} 双因素认证（TOTP）密钥：{account_secret}")

    def _bulk(self, context, count, *, progress):
        started = time.perf_counter()
        articles_bulk_create(context, count=count, progress=progress)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"批量生成信息 {count} 条，用时 {elapsed:.1f} 秒。")
        self.stdout.write(BULK_HINT)

    def _report(self, result):
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
        self.stdout.write(self.style.SUCCESS(f"演示站点已就绪，管理后台：{admin_url}"))
        self.stdout.write(accounts_table(result.accounts))
