"""Pure rules of the compliance check-up (合规体检): when a single-veto rule of the national
website inspection (国办秘函〔2019〕19号) is ok, at risk or tripped. Plain values in and out."""

from dataclasses import dataclass, field

OK, AT_RISK, TRIPPED = "ok", "at_risk", "tripped"
STATE_LABELS = {OK: "正常", AT_RISK: "临近否决", TRIPPED: "已触发否决"}


@dataclass(frozen=True)
class Evidence:
    """One thing that counts towards a rule, and who answers for it."""

    subject: str  # a column, an item, a probed address
    responsible: str  # department and liaisons, or the item's liaison and drafter
    detail: str
    url: str = ""
    user_ids: frozenset = frozenset()  # accounts it concerns (their dashboards show it)


@dataclass(frozen=True)
class RuleResult:
    code: str
    title: str
    state: str
    summary: str
    days_left: int | None = None
    veto: bool = True  # False: a deduction (扣分项), not a single veto
    evidence: tuple[Evidence, ...] = field(default=())

    @property
    def state_label(self) -> str:
        if self.state == AT_RISK and self.days_left is not None:
            return f"{STATE_LABELS[AT_RISK]}（剩 {self.days_left} 天）"
        return STATE_LABELS[self.state]


def days_left(*, interval_days: int, days_since: int) -> int:
    """Days before a watch with this interval trips: it trips the day ``days_since`` passes
    ``interval_days`` (the freshness watch's "stale"), so 0 or less means tripped."""
    return interval_days + 1 - days_since


def count_state(lefts: list[int], *, threshold: int, warn_days: int) -> tuple[str, int | None]:
    """A rule that trips when ``threshold`` watches have tripped, each tripping in its own days
    left if nothing is updated: the rule trips with the ``threshold``-th soonest."""
    if len(lefts) < threshold:
        return OK, None
    left = sorted(lefts)[threshold - 1]
    if left <= 0:
        return TRIPPED, 0
    return (AT_RISK if left <= warn_days else OK), left


def tally_state(count: int, *, threshold: int) -> str:
    """A rule counted now, with no clock (blank columns): at risk one short of tripping."""
    if count >= threshold:
        return TRIPPED
    return AT_RISK if count >= threshold - 1 and count > 0 else OK


def failure_rate(*, failures: int, probes: int) -> float | None:
    return None if probes == 0 else failures / probes


def probe_state(
    *, failures: int, probes: int, limit: float, expected_probes: int
) -> tuple[str, float | None]:
    """The availability rule: tripped when the failure rate reaches ``limit``; at risk past half
    of it, or when the week has fewer probes than the inspection makes (its rate says little)."""
    rate = failure_rate(failures=failures, probes=probes)
    if rate is not None and rate >= limit:
        return TRIPPED, rate
    if rate is None or rate >= limit / 2 or probes < expected_probes:
        return AT_RISK, rate
    return OK, rate


def worst(states) -> str:
    states = set(states)
    return TRIPPED if TRIPPED in states else AT_RISK if AT_RISK in states else OK
