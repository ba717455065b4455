"""The approval chain of article 6.2 as pure rules: plain values in, plain values out.

Which steps apply to an item, who may sign a step, and whether a run is complete. The workflow
task (``workflows.models.ChainStepTask``) and the services are thin adapters over these.
"""

from dataclasses import dataclass, field

DRAFTER_REVIEW = "drafter_review"
UNIT_APPROVAL = "unit_approval"
PROOFREAD_1 = "proofread_1"
PROOFREAD_2 = "proofread_2"
LEADER_SIGNOFF = "leader_signoff"
MINISTER_SIGNOFF = "minister_signoff"
RELEASE = "release"

STEPS = (
    DRAFTER_REVIEW,
    UNIT_APPROVAL,
    PROOFREAD_1,
    PROOFREAD_2,
    LEADER_SIGNOFF,
    MINISTER_SIGNOFF,
    RELEASE,
)
STEP_LABELS = {
    DRAFTER_REVIEW: "拟稿人审核",
    UNIT_APPROVAL: "单位审核",
    PROOFREAD_1: "一校",
    PROOFREAD_2: "二校",
    LEADER_SIGNOFF: "分管部领导签批",
    MINISTER_SIGNOFF: "组织部长签批",
    RELEASE: "组织组发布",
}
STEP_ROLES = {
    UNIT_APPROVAL: "unit_approver",
    PROOFREAD_1: "proofreader",
    PROOFREAD_2: "proofreader",
    LEADER_SIGNOFF: "dept_leader",
    MINISTER_SIGNOFF: "minister",
    RELEASE: "site_admin",
}

SKIP_UNIT_IS_DEPARTMENT = "来源单位为组织部科室，无需镇街单位审核。"
SKIP_UNIT_NOT_DEPARTMENT = "来源单位不是组织部科室，由本单位审核代替分管部领导签批。"
SKIP_NOT_SENSITIVE = "非重大、敏感信息，且筛查未提示须组织部长签批。"

REFUSE_NOT_DRAFTER = "拟稿人审核须由拟稿人本人完成。"
REFUSE_OWN_ITEM = "不能审批本人拟稿的信息。"
REFUSE_ROLE = "您不具有“{role}”角色，不能办理“{step}”。"
REFUSE_OTHER_UNIT = "单位审核须由来源单位的单位审核人完成。"
REFUSE_OTHER_DEPARTMENT = "分管部领导签批须由栏目责任科室的分管部领导完成。"
REFUSE_SECOND_PROOFREAD = "二校须由不同于一校的校对员完成。"
REFUSE_TWO_STEPS = "同一审批流程中，同一人不能签批两个环节。"
REFUSE_PUBLISHER_SIGNED = (
    "您曾签批本信息审批链中的“{step}”环节，不能再发布本信息，请由其他网站管理员发布。"
)
ROLE_LABELS = {
    "unit_approver": "单位审核人",
    "proofreader": "校对员",
    "dept_leader": "分管部领导",
    "minister": "组织部长",
    "site_admin": "网站管理员",
}


@dataclass(frozen=True)
class Item:
    """What the chain needs to know about an item, read from its latest draft."""

    drafter_id: int
    source_unit_id: int
    source_unit_is_department: bool
    column_owner_unit_id: int
    is_major_sensitive: bool
    screening_escalated: bool = False


@dataclass(frozen=True)
class Actor:
    user_id: int
    roles: frozenset[str]
    unit_id: int | None


@dataclass(frozen=True)
class Signature:
    """A step approved in the current run, on the current revision."""

    step: str
    signer_id: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""


ALLOWED = Verdict(True)


def skip_reason(step: str, item: Item) -> str:
    """Why ``step`` does not apply to ``item``; empty when it applies."""
    if step == UNIT_APPROVAL and item.source_unit_is_department:
        return SKIP_UNIT_IS_DEPARTMENT
    if step == LEADER_SIGNOFF and not item.source_unit_is_department:
        return SKIP_UNIT_NOT_DEPARTMENT
    if step == MINISTER_SIGNOFF and not (item.is_major_sensitive or item.screening_escalated):
        return SKIP_NOT_SENSITIVE
    return ""


def applicable_steps(item: Item) -> tuple[str, ...]:
    return tuple(step for step in STEPS if not skip_reason(step, item))


def may_sign(step: str, actor: Actor, item: Item, signatures: tuple[Signature, ...]) -> Verdict:
    """Whether ``actor`` may approve or reject ``step`` of ``item`` given the run so far."""
    if step == DRAFTER_REVIEW:
        return ALLOWED if actor.user_id == item.drafter_id else Verdict(False, REFUSE_NOT_DRAFTER)
    if actor.user_id == item.drafter_id:
        return Verdict(False, REFUSE_OWN_ITEM)
    role = STEP_ROLES[step]
    if role not in actor.roles:
        return Verdict(False, REFUSE_ROLE.format(role=ROLE_LABELS[role], step=STEP_LABELS[step]))
    return _step_specific(step, actor, item, signatures)


def may_hold_step(step: str, roles: frozenset[str]) -> bool:
    """Could someone with ``roles`` sign ``step`` of any item at all? When not, ``may_sign``
    refuses whatever the item, so callers that ask for many items can stop here."""
    return step == DRAFTER_REVIEW or STEP_ROLES[step] in roles


def _step_specific(step, actor, item, signatures) -> Verdict:
    others = {s.signer_id for s in signatures if s.step != step}
    if step == UNIT_APPROVAL and actor.unit_id != item.source_unit_id:
        return Verdict(False, REFUSE_OTHER_UNIT)
    if step == LEADER_SIGNOFF and actor.unit_id != item.column_owner_unit_id:
        return Verdict(False, REFUSE_OTHER_DEPARTMENT)
    first_proofreaders = {s.signer_id for s in signatures if s.step == PROOFREAD_1}
    if step == PROOFREAD_2 and actor.user_id in first_proofreaders:
        return Verdict(False, REFUSE_SECOND_PROOFREAD)
    if actor.user_id in others:
        return Verdict(False, REFUSE_TWO_STEPS)
    return ALLOWED


@dataclass(frozen=True)
class RunCheck:
    complete: bool
    missing: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)


def check_run(item: Item, signatures: tuple[Signature, ...], actors: dict[int, Actor]) -> RunCheck:
    """Whether every applicable step was signed by an eligible, distinct person (R-08, R-09).

    Re-checks each signature against the rules as they stand, so a run that was tampered with
    (a signature added behind the application's back) does not pass.
    """
    signed = {s.step: s for s in signatures}
    missing = tuple(step for step in applicable_steps(item) if step not in signed)
    problems = []
    for signature in signatures:
        earlier = tuple(s for s in signatures if s is not signature)
        verdict = may_sign(signature.step, actors[signature.signer_id], item, earlier)
        if not verdict.allowed:
            problems.append(f"{STEP_LABELS[signature.step]}: {verdict.reason}")
    return RunCheck(not missing and not problems, missing, tuple(problems))


def may_release(publisher_id: int, approvals: tuple[Signature, ...]) -> Verdict:
    """R-08, at publishing: the publisher approved no other step of the item's chain, in this run
    or an earlier one (``check_run`` sees only the current run's revision; a proofreader of an
    earlier revision who later became a site administrator must not release the item)."""
    for signature in approvals:
        if signature.signer_id == publisher_id and signature.step != RELEASE:
            return Verdict(False, REFUSE_PUBLISHER_SIGNED.format(step=STEP_LABELS[signature.step]))
    return ALLOWED
