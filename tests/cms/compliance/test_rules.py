"""The check-up's pure rules: no database."""

from cms.compliance import rules
from cms.core.conf import DEFAULTS


def test_the_inspection_thresholds_are_the_defaults():
    assert DEFAULTS["COMPLIANCE_STALE_DAYS"] == {"news": 14, "notices": 180, "policy": 180}
    assert DEFAULTS["COMPLIANCE_STALE_COLUMNS"] == 5
    assert DEFAULTS["COMPLIANCE_SHOULD_UPDATE_COLUMNS"] == 10
    assert DEFAULTS["COMPLIANCE_BLANK_COLUMNS"] == 5
    assert DEFAULTS["HOME_UPDATE_INTERVAL_DAYS"] == 14
    assert (DEFAULTS["PROBE_TIMEOUT_SECONDS"], DEFAULTS["PROBE_FAILURE_RATE"]) == (15, 0.05)


def test_a_watch_trips_the_day_after_its_interval():
    assert rules.days_left(interval_days=14, days_since=14) == 1
    assert rules.days_left(interval_days=14, days_since=15) == 0


def test_a_count_rule_trips_with_its_nth_soonest_watch():
    lefts = [0, 0, -3, 0, 9, 30]
    assert rules.count_state(lefts, threshold=4, warn_days=7) == (rules.TRIPPED, 0)
    assert rules.count_state(lefts, threshold=5, warn_days=7) == (rules.OK, 9)
    assert rules.count_state(lefts, threshold=5, warn_days=9) == (rules.AT_RISK, 9)
    assert rules.count_state(lefts, threshold=7, warn_days=7) == (rules.OK, None)


def test_a_tally_is_at_risk_one_short_of_its_threshold():
    states = [rules.tally_state(n, threshold=5) for n in range(7)]
    assert states == ["ok", "ok", "ok", "ok", "at_risk", "tripped", "tripped"]


def test_probe_failure_rate_arithmetic():
    def state(failures, probes=140):
        return rules.probe_state(failures=failures, probes=probes, limit=0.05, expected_probes=140)

    assert state(7) == (rules.TRIPPED, 0.05)
    assert state(6)[0] == rules.AT_RISK  # 4.3 %: past half the limit
    assert state(3)[0] == rules.OK  # 2.1 %
    assert state(0, probes=139)[0] == rules.AT_RISK  # fewer probes than the inspection makes
    assert state(0, probes=0) == (rules.AT_RISK, None)


def test_at_risk_label_gives_the_days_left():
    result = rules.RuleResult("home", "首页栏目不更新", rules.AT_RISK, "", days_left=3)
    assert result.state_label == "临近否决（剩 3 天）"
