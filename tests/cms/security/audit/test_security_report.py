"""manage.py security_report, the periodic self-check (article 5): each check's status and the
accounts behind it; any failure makes the command exit 1."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.ops.queue import heartbeat_beat
from cms.security import report
from cms.security.events import security_event_record
from cms.security.models import PasswordRecord, SecurityEvent
from cms.security.passwords import password_record_ensure
from cms.security.rescan import media_rescan_task
from tests.cms.conftest import scanning_with

pytestmark = pytest.mark.django_db


def test_expired_password_fails_and_never_chosen_is_noted(make_user, section):
    expired = make_user("expired", "liaison", unit=section)
    fresh = make_user("fresh", "liaison", unit=section)
    password_record_ensure(user=expired)
    PasswordRecord.objects.filter(user=expired).update(
        changed_at=timezone.now() - timedelta(days=91)
    )
    password_record_ensure(user=fresh)
    PasswordRecord.objects.filter(user=fresh).update(must_change=True)

    result = report.password_check()

    assert result.status == report.FAIL
    assert result.lines == ("密码已过期（超过90天）：expired", "从未自行设置密码：fresh")


def test_specialist_without_two_factors_fails(specialist, town_liaison):
    result = report.two_factor_check()

    assert result.status == report.FAIL
    assert result.lines == ("须启用而未启用双因素认证：specialist",)


def test_dormant_accounts_and_superusers_are_noted(make_user, section, django_user_model):
    sleeper = make_user("sleeper", "liaison", unit=section)
    sleeper.last_login = timezone.now() - timedelta(days=120)
    sleeper.save()
    django_user_model.objects.create_superuser("root", "root@example.cn", "x" * 16)

    assert report.dormant_check().lines == ("超过90天未登录的启用账号：sleeper",)
    assert report.superuser_check().lines == ("超级管理员账号：root",)
    assert report.superuser_check().status == report.WARN


def test_recent_incidents_are_summarised():
    security_event_record(SecurityEvent.Kind.VIRUS_FOUND, username="a")
    security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, username="b")
    security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, username="c")

    result = report.events_summary()

    assert result.status == report.WARN
    assert set(result.lines) == {"登录失败：2", "发现病毒：1"}


def test_unreachable_scanner_fails(settings):
    scanning_with(settings, "unix:///nonexistent/xiuying/clamd.ctl")

    result = report.scanner_check()

    assert result.status == report.FAIL
    assert "无法连接" in result.lines[0]


def test_deploy_check_passes_for_a_complete_production_environment(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://dj.example.cn")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("XIUYING_KEY_FILE", "/run/secrets/xiuying-keys.json")
    # Set for the browser tests' event loop; a deployment must not have it (async.E001).
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)

    assert report.deploy_check() == report.CheckResult(
        "部署安全检查（check --deploy）", report.PASS
    )


def test_deploy_check_reports_why_production_would_not_start(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)

    result = report.deploy_check()

    assert result.status == report.FAIL
    assert "PUBLIC_BASE_URL" in result.lines[-1]


def test_command_prints_every_check_and_exits_1_on_failure(settings, specialist):
    scanning_with(settings, "unix:///nonexistent/xiuying/clamd.ctl")
    out = StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("security_report", "--skip-deploy-check", stdout=out)

    text = out.getvalue()
    assert failed.value.returncode == 1
    assert text.startswith("秀英党建网安全自查报告")
    assert "[未通过] 病毒扫描服务（clamd）" in text
    assert "[未通过] 双因素认证" in text
    assert "[通过] 长期未使用的账号" in text


def test_accounts_holding_conflicting_roles_fail(site_admin, specialist, town_liaison):
    # Written behind the services' back: the through table sends no m2m_changed.
    from django.contrib.auth.models import Group

    through = type(site_admin).groups.through
    through.objects.create(user=site_admin, group=Group.objects.get(name="网站专管员"))

    result = report.duties_check()

    assert result.status == report.FAIL
    assert result.lines == (
        "site_admin：“网站管理员”与“网站专管员”不得由同一账号兼任："
        "发布与安全管理分离（制度第十一条，等保三级三权分立）。",
    )


def test_separate_duties_pass(site_admin, specialist, town_liaison):
    assert report.duties_check() == report.CheckResult("职责分离", report.PASS)


def test_jobs_pass_when_they_run_inline():
    result = report.jobs_check()

    assert result.status == report.PASS


def test_a_late_queue_is_noted_and_a_silent_expected_worker_fails(settings, database_queue):
    job = media_rescan_task.enqueue()
    DBTaskResult.objects.filter(pk=job.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=42)
    )

    late = report.jobs_check()
    settings.XIUYING = {**settings.XIUYING, "WORKER_EXPECTED": True}
    silent = report.jobs_check()
    heartbeat_beat(worker_id="jobs-1", started_at=timezone.now())
    alive = report.jobs_check()

    assert late.status == report.WARN
    assert late.lines == ("待执行任务 1 个，最早的已等待 42 分钟。",)
    assert silent.status == report.FAIL
    assert silent.lines[1] == "没有后台任务进程的心跳记录（进程未运行）。"
    assert alive.status == report.WARN
    assert alive.lines[1] == "后台任务进程最近一次心跳在 0 秒前。"
