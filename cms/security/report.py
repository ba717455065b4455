"""The self-check for the periodic security review (article 5; R-13..R-18), printed by
``manage.py security_report``: each check says 通过, 注意 or 未通过 with the accounts or issues
behind it. 未通过 makes the command exit 1, so a scheduler can raise the alarm.
"""

import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.utils import get_random_secret_key
from django.db.models import Q
from django.utils import timezone

from cms.core.conf import get_setting
from cms.ops.health import jobs_queued_in_database
from cms.ops.queue import queue_backlog, worker_pulse
from cms.ops.worker_rules import backlog_late
from cms.security.clamav import ClamdError
from cms.security.duties import SUPERUSER, conflict_messages
from cms.security.models import PasswordRecord, SecurityEvent
from cms.security.passwords import EXPIRED, password_status_for
from cms.security.privilege_checks import role_labels, roles_of_names
from cms.security.two_factor import two_factor_accounts
from cms.security.uploads import clamd_client

PASS, WARN, FAIL = "pass", "warn", "fail"
STATUS_LABELS = {PASS: "通过", WARN: "注意", FAIL: "未通过"}
# Events the review looks at first: each one is an incident to follow up.
INCIDENT_KINDS = frozenset(
    {
        SecurityEvent.Kind.LOCKOUT,
        SecurityEvent.Kind.VIRUS_FOUND,
        SecurityEvent.Kind.SCANNER_DOWN,
        SecurityEvent.Kind.ATTACK,
        SecurityEvent.Kind.PRIVILEGE_REFUSED,
    }
)
DEPLOY_TIMEOUT_SECONDS = 180


@dataclass(frozen=True)
class CheckResult:
    title: str
    status: str
    lines: tuple[str, ...] = ()


def _names(users) -> str:
    return "、".join(user.get_username() for user in users)


def deploy_check(*, settings_module: str = "config.settings.production") -> CheckResult:
    """``manage.py check --deploy`` under production settings, warnings counted as failures."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "DEBUG": "0"}
    env.setdefault("SECRET_KEY", get_random_secret_key())  # a dummy, only to get past the gate
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "check", "--deploy"]
    command += ["--fail-level", "WARNING", f"--settings={settings_module}"]
    result = subprocess.run(  # noqa: S603 - fixed command, this interpreter
        command, env=env, capture_output=True, text=True, timeout=DEPLOY_TIMEOUT_SECONDS
    )
    output = (result.stdout + result.stderr).splitlines()
    issues = tuple(line.strip() for line in output if line.strip().startswith("?:"))
    if result.returncode == 0:
        return CheckResult("部署安全检查（check --deploy）", PASS, issues)
    # No issue lines: production settings refused to load; their last line says why.
    return CheckResult("部署安全检查（check --deploy）", FAIL, issues or tuple(output[-1:]))


def scanner_check() -> CheckResult:
    title = "病毒扫描服务（clamd）"
    if not get_setting("UPLOAD_SCANNING"):
        return CheckResult(title, FAIL, ("上传文件病毒扫描已关闭（UPLOAD_SCANNING=0）。",))
    client = clamd_client()
    try:
        version = client.version()
    except ClamdError as error:
        return CheckResult(title, FAIL, (f"无法连接 {client.address}：{error}",))
    return CheckResult(title, PASS, (f"{client.address}：{version}",))


def password_check(*, now=None) -> CheckResult:
    """Expired passwords fail; accounts still on a password someone else set are noted."""
    users = list(get_user_model().objects.filter(is_active=True).order_by("username"))
    records = PasswordRecord.objects.in_bulk([user.pk for user in users])
    expired, never = [], []
    for user in users:
        record = records.get(user.pk)
        if record is None or record.must_change:
            never.append(user)
        elif password_status_for(record=record, now=now).code == EXPIRED:
            expired.append(user)
    lines = []
    if expired:
        lines.append(
            f"密码已过期（超过{get_setting('PASSWORD_MAX_AGE_DAYS')}天）：{_names(expired)}"
        )
    if never:
        lines.append(f"从未自行设置密码：{_names(never)}")
    status = FAIL if expired else WARN if never else PASS
    return CheckResult("密码定期修改", status, tuple(lines))


def two_factor_check() -> CheckResult:
    missing = [row.user for row in two_factor_accounts() if row.required and not row.enrolled]
    lines = (f"须启用而未启用双因素认证：{_names(missing)}",) if missing else ()
    return CheckResult("双因素认证", FAIL if missing else PASS, lines)


def dormant_check(*, now=None) -> CheckResult:
    days = get_setting("DORMANT_ACCOUNT_DAYS")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    unused = Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    dormant = get_user_model().objects.filter(unused, is_active=True).order_by("username")
    lines = (f"超过{days}天未登录的启用账号：{_names(dormant)}",) if dormant else ()
    return CheckResult("长期未使用的账号", WARN if dormant else PASS, lines)


def superuser_check() -> CheckResult:
    superusers = get_user_model().objects.filter(is_superuser=True, is_active=True)
    superusers = list(superusers.order_by("username"))
    lines = (f"超级管理员账号：{_names(superusers)}",) if superusers else ()
    return CheckResult("超级管理员", WARN if superusers else PASS, lines)


def duties_check() -> CheckResult:
    """Accounts holding roles they may not hold together (R-08, R-13), however they got them
    (the services refuse it; a write behind their back does not ask)."""
    users = get_user_model().objects.filter(is_active=True).prefetch_related("groups")
    lines = []
    for user in users.order_by("username"):
        roles = roles_of_names(group.name for group in user.groups.all())
        roles |= {SUPERUSER} if user.is_superuser else set()
        lines += [f"{user.get_username()}：{m}" for m in conflict_messages(roles, role_labels())]
    return CheckResult("职责分离", FAIL if lines else PASS, tuple(lines))


def events_summary(*, now=None) -> CheckResult:
    days = get_setting("SECURITY_REPORT_DAYS")
    since = (now or timezone.now()) - timedelta(days=days)
    kinds = SecurityEvent.objects.filter(occurred_at__gte=since).values_list("kind", flat=True)
    counts = Counter(kinds)
    lines = tuple(
        f"{SecurityEvent.Kind(kind).label}：{count}" for kind, count in sorted(counts.items())
    )
    incidents = any(counts[kind] for kind in INCIDENT_KINDS)
    return CheckResult(f"近{days}天安全事件", WARN if incidents else PASS, lines or ("无",))


def duration_text(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} 秒"
    return f"{seconds / 60:.0f} 分钟" if seconds < 7200 else f"{seconds / 3600:.1f} 小时"


def _backlog_line(backlog) -> str:
    if not backlog.ready:
        return "没有待执行的任务。"
    return f"待执行任务 {backlog.ready} 个，最早的已等待 {duration_text(backlog.oldest_seconds)}。"


def _pulse_line(pulse) -> str:
    if pulse.last_beat_seconds is None:
        return "没有后台任务进程的心跳记录（进程未运行）。"
    return f"后台任务进程最近一次心跳在 {duration_text(pulse.last_beat_seconds)}前。"


def jobs_check(*, now=None) -> CheckResult:
    """The queue that runs media rescans (R-15) and the chain's mails: how long its oldest job
    has waited and, where a worker is expected, whether it is alive (issue 11)."""
    title = "后台任务队列（病毒复查、审批通知等）"
    if not jobs_queued_in_database():
        return CheckResult(title, PASS, ("后台任务在请求中直接执行（TASKS_BACKEND=immediate）。",))
    backlog = queue_backlog(now=now)
    late = backlog_late(
        oldest_seconds=backlog.oldest_seconds,
        max_wait_seconds=get_setting("QUEUE_MAX_WAIT_SECONDS"),
    )
    lines, status = [_backlog_line(backlog)], WARN if late else PASS
    if get_setting("WORKER_EXPECTED"):
        pulse = worker_pulse(now=now)
        lines.append(_pulse_line(pulse))
        status = status if pulse.fresh else FAIL
    return CheckResult(title, status, tuple(lines))


def security_report(*, deploy: bool = True) -> list[CheckResult]:
    checks = [deploy_check] if deploy else []
    checks += [scanner_check, jobs_check, password_check, two_factor_check, dormant_check]
    checks += [superuser_check, duties_check]
    return [check() for check in [*checks, events_summary]]


def report_text(results: list[CheckResult]) -> str:
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    lines = [f"秀英党建网安全自查报告（{now}，北京时间）", ""]
    for result in results:
        lines.append(f"[{STATUS_LABELS[result.status]}] {result.title}")
        lines.extend(f"    {line}" for line in result.lines)
    failed = sum(result.status == FAIL for result in results)
    lines += ["", f"共 {len(results)} 项，未通过 {failed} 项。"]
    return "\n".join(lines)
