"""合规体检 (compliance check-up): each single-veto rule of the national website inspection with
its state, days left, evidence and the people responsible, and the deductions beside them.

Built on the freshness watch (``liaisons.freshness``: last update, department and liaisons of
every live column), the release log (``workflows``: the authentic release time of each item),
rescreening's findings and this app's probes and link findings.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from cms.compliance import evidence as ev
from cms.compliance import rules
from cms.compliance.rules import Evidence, RuleResult
from cms.core.conf import get_setting
from liaisons.freshness import Freshness, StaleColumn, freshness


@dataclass(frozen=True)
class Checkup:
    checked_at: datetime
    today: date
    results: tuple[RuleResult, ...]

    @property
    def state(self) -> str:
        return rules.worst(r.state for r in self.results if r.veto)

    @property
    def tripped(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if r.veto and r.state == rules.TRIPPED)


def compliance_checkup(*, now: datetime | None = None) -> Checkup:
    """Every rule, vetoes first; ``now`` freezes the clock (reports of a past day, tests)."""
    now = now or timezone.now()
    fresh = freshness(now=now)
    results = (
        availability_rule(now=now),
        home_rule(fresh),
        stale_rule(fresh),
        should_update_rule(fresh),
        blank_rule(fresh),
        harmful_rule(),
        backdating_rule(),
        dead_links_rule(),
        hidden_links_rule(),
    )
    return Checkup(now, fresh.today, results)


def _warn() -> int:
    return get_setting("COMPLIANCE_AT_RISK_DAYS")


def home_rule(fresh: Freshness) -> RuleResult:
    home = fresh.home
    title = "首页栏目不更新"
    if home.days_since is None:
        return RuleResult("home", title, rules.TRIPPED, "首页从未发布信息。", 0)
    left = rules.days_left(interval_days=home.interval_days, days_since=home.days_since)
    state, left = rules.count_state([left], threshold=1, warn_days=_warn())
    summary = f"首页已 {home.days_since} 天无新信息（要求 {home.interval_days} 天内更新）。"
    detail = f"最近更新 {home.last_update:%Y-%m-%d}"
    evidence = (Evidence("首页", "网站管理员", detail),) if state != rules.OK else ()
    return RuleResult("home", title, state, summary, left, evidence=evidence)


def _column_rule(code, title, rows, interval_of, threshold, noun) -> RuleResult:
    lefts = {
        row.column_id: rules.days_left(interval_days=interval_of(row), days_since=row.days_since)
        for row in rows
    }
    state, left = rules.count_state(list(lefts.values()), threshold=threshold, warn_days=_warn())
    late = [row for row in rows if lefts[row.column_id] <= _warn()]
    late.sort(key=lambda row: lefts[row.column_id])
    evidence = tuple(_column_evidence(row, interval_of(row), lefts[row.column_id]) for row in late)
    tripped = sum(lefts[r.column_id] <= 0 for r in rows)
    summary = f"{noun} {tripped} 个（达到 {threshold} 个即否决）。"
    return RuleResult(code, title, state, summary, left, evidence=evidence)


def _column_evidence(row: StaleColumn, interval: int, left: int) -> Evidence:
    status = f"超期 {1 - left} 天" if left <= 0 else f"剩 {left} 天"
    detail = f"{row.days_since} 天未更新（要求 {interval} 天内），{status}"
    return Evidence(row.column, ev.column_people(row), detail, user_ids=row.liaison_user_ids)


def stale_rule(fresh: Freshness) -> RuleResult:
    """News columns after 2 weeks, notices and policy after 6 months (the inspection's own
    intervals, whatever a column's configured one)."""
    days = get_setting("COMPLIANCE_STALE_DAYS")
    rows = [r for r in fresh.every_column if not r.empty and r.kind in days]
    return _column_rule(
        "stale",
        "栏目不更新",
        rows,
        lambda row: days[row.kind],
        get_setting("COMPLIANCE_STALE_COLUMNS"),
        "超期未更新的动态、通知公告和政策文件类栏目",
    )


def should_update_rule(fresh: Freshness) -> RuleResult:
    """Every column past its own update interval (栏目更新周期, R-20)."""
    rows = [r for r in fresh.every_column if not r.empty]
    return _column_rule(
        "should_update",
        "应更新未更新栏目",
        rows,
        lambda row: row.interval_days,
        get_setting("COMPLIANCE_SHOULD_UPDATE_COLUMNS"),
        "超过更新周期的栏目",
    )


def blank_rule(fresh: Freshness) -> RuleResult:
    threshold = get_setting("COMPLIANCE_BLANK_COLUMNS")
    blank = [r for r in fresh.every_column if r.empty]
    state = rules.tally_state(len(blank), threshold=threshold)
    evidence = tuple(
        Evidence(r.column, ev.column_people(r), "栏目无任何已发布信息", user_ids=r.liaison_user_ids)
        for r in blank
    )
    summary = f"空白栏目 {len(blank)} 个（达到 {threshold} 个即否决）。"
    return RuleResult("blank", "空白栏目", state, summary, evidence=evidence)


def harmful_rule() -> RuleResult:
    evidence = ev.open_findings(hidden=False)
    state = rules.TRIPPED if evidence else rules.OK
    summary = f"线上信息中未处理的禁用内容或严重表述错误 {len(evidence)} 处。"
    return RuleResult("harmful", "严重表述错误或有害内容", state, summary, evidence=evidence)


def backdating_rule() -> RuleResult:
    tolerance = timedelta(seconds=get_setting("COMPLIANCE_BACKDATE_TOLERANCE_SECONDS"))
    evidence = ev.backdated_items(tolerance)
    state = rules.TRIPPED if evidence else rules.OK
    summary = f"发布时间早于发布日志记录的线上信息 {len(evidence)} 条。"
    return RuleResult("backdating", "伪造发稿日期", state, summary, evidence=evidence)


def availability_rule(*, now: datetime) -> RuleResult:
    days = get_setting("PROBE_WINDOW_DAYS")
    probes, failures, evidence = ev.probe_failures(since=now - timedelta(days=days), until=now)
    limit = get_setting("PROBE_FAILURE_RATE")
    expected = days * get_setting("PROBE_MIN_DAILY")
    state, rate = rules.probe_state(
        failures=failures, probes=probes, limit=limit, expected_probes=expected
    )
    shown = "—" if rate is None else f"{rate:.1%}"
    summary = (
        f"近 {days} 天探测 {probes} 次（应不少于 {expected} 次），失败 {failures} 次，"
        f"失败率 {shown}（达到 {limit:.0%} 即否决）。"
    )
    return RuleResult("availability", "站点无法访问", state, summary, evidence=evidence)


def dead_links_rule() -> RuleResult:
    evidence = ev.broken_links()
    state = rules.TRIPPED if evidence else rules.OK
    summary = f"线上信息中的失效链接 {len(evidence)} 个。"
    return RuleResult("dead_links", "死链", state, summary, veto=False, evidence=evidence)


def hidden_links_rule() -> RuleResult:
    evidence = ev.open_findings(hidden=True)
    state = rules.TRIPPED if evidence else rules.OK
    summary = f"线上信息中未处理的暗链或隐藏文字 {len(evidence)} 处。"
    return RuleResult("hidden_links", "暗链", state, summary, veto=False, evidence=evidence)


def checkup_record(checkup: Checkup) -> None:
    """Keep today's state of every rule (the annual report counts the days)."""
    from cms.compliance.models import CheckupRecord

    for result in checkup.results:
        CheckupRecord.objects.update_or_create(
            day=checkup.today,
            code=result.code,
            defaults={
                "title": result.title,
                "veto": result.veto,
                "state": result.state,
                "evidence_count": len(result.evidence),
                "summary": result.summary,
            },
        )
