"""Separation of duties as pure rules over role codes (R-08, R-13; article 11 of the regulation;
GB/T 22239-2019 level 3, 8.1.4.2: system, security and audit administrators kept apart).

Who may assign roles and permissions, which roles one account may not hold together, who may
change the superuser and staff flags, and who may set another account's password, e-mail address
or second factor. Plain values in, a verdict out; no ORM. The services that
apply them are in ``cms.security.privileges``. Django's ``is_superuser`` counts as the pseudo
role ``"superuser"`` here, as it does in ``TWO_FACTOR_REQUIRED_ROLES``.
"""

from dataclasses import dataclass

SUPERUSER = "superuser"
ACCOUNT_ADMIN = "account_admin"
PUBLISHING_ROLES = frozenset({"site_admin"})
APPROVING_ROLES = frozenset({"unit_approver", "proofreader", "dept_leader", "minister"})
SECURITY_ROLES = frozenset({"site_specialist"})
# Those who assign roles to other accounts: the 账号管理员, and superusers (who create the first
# 账号管理员 and define the roles' groups).
ASSIGNING_ROLES = frozenset({ACCOUNT_ADMIN, SUPERUSER})

REFUSE_SELF = "不能修改本人账号的角色或权限，须由另一名账号管理员办理。"
REFUSE_NO_DUTY = "只有账号管理员可以分配角色和权限。"
REFUSE_FLAGS = "只有超级管理员可以授予或取消超级管理员、职员身份。"
REFUSE_GROUPS = "角色组的权限只能由超级管理员修改。"
REFUSE_OWN_GROUP = "不能修改本人所在角色组的权限。"
REFUSE_CONFLICT = "“{first}”与“{second}”不得由同一账号兼任：{why}"

REFUSE_RESET_SELF = (
    "不能在账号管理中设置本人的密码、邮箱或重置本人的双因素认证，请在“账号设置”中自行修改。"
)
REFUSE_RESET_NO_DUTY = (
    "只有账号管理员可以设置或清除他人的密码、修改他人的邮箱、重置他人的双因素认证。"
)
REFUSE_RESET_OVERSEER = (
    "该账号对您的账号有管理或监督职权（超级管理员、账号管理员或网站专管员），"
    "不能由您设置其密码、邮箱或重置其双因素认证。"
)

WHY_PUBLISH_SECURITY = "发布与安全管理分离（制度第十一条，等保三级三权分立）。"
WHY_PUBLISH_APPROVE = "发布人不得同时是审批人。"
WHY_ASSIGN = "分配角色的账号不得兼任发布或安全管理角色（等保三级三权分立）。"


@dataclass(frozen=True)
class Conflict:
    first: frozenset[str]
    second: frozenset[str]
    why: str


CONFLICTS = (
    Conflict(PUBLISHING_ROLES, SECURITY_ROLES, WHY_PUBLISH_SECURITY),
    Conflict(PUBLISHING_ROLES, APPROVING_ROLES, WHY_PUBLISH_APPROVE),
    Conflict(ASSIGNING_ROLES, PUBLISHING_ROLES | SECURITY_ROLES, WHY_ASSIGN),
)


@dataclass(frozen=True)
class RoleConflict:
    first: str
    second: str
    why: str


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reasons: tuple[str, ...] = ()


ALLOWED = Verdict(True)


def role_conflicts(roles: frozenset[str]) -> tuple[RoleConflict, ...]:
    """Every pair of ``roles`` that one account may not hold together."""
    return tuple(
        RoleConflict(first, second, conflict.why)
        for conflict in CONFLICTS
        for first in sorted(roles & conflict.first)
        for second in sorted(roles & conflict.second)
    )


def conflict_messages(roles: frozenset[str], labels: dict[str, str]) -> tuple[str, ...]:
    return tuple(
        REFUSE_CONFLICT.format(
            first=labels.get(c.first, c.first), second=labels.get(c.second, c.second), why=c.why
        )
        for c in role_conflicts(roles)
    )


def may_assign_roles(*, actor_id: int | None, actor_roles: frozenset[str], target_id) -> Verdict:
    """Whether the actor may change another account's roles or direct permissions."""
    reasons = []
    if actor_id is not None and actor_id == target_id:
        reasons.append(REFUSE_SELF)
    if not actor_roles & ASSIGNING_ROLES:
        reasons.append(REFUSE_NO_DUTY)
    return Verdict(not reasons, tuple(reasons))


def may_change_flags(*, actor_id: int | None, actor_roles: frozenset[str], target_id) -> Verdict:
    """Whether the actor may grant or remove ``is_superuser`` or ``is_staff`` of an account."""
    reasons = []
    if actor_id is not None and actor_id == target_id:
        reasons.append(REFUSE_SELF)
    if SUPERUSER not in actor_roles:
        reasons.append(REFUSE_FLAGS)
    return Verdict(not reasons, tuple(reasons))


def may_change_group(
    *, actor_roles: frozenset[str], actor_group_ids: frozenset[int], group_id: int | None
) -> Verdict:
    """Whether the actor may change a group's permissions: superusers define the roles' groups
    (``setup_roles`` does it for the project's roles), never a group they belong to."""
    reasons = []
    if group_id is not None and group_id in actor_group_ids:
        reasons.append(REFUSE_OWN_GROUP)
    if SUPERUSER not in actor_roles:
        reasons.append(REFUSE_GROUPS)
    return Verdict(not reasons, tuple(reasons))


def powers_over(actor_roles: frozenset[str]) -> frozenset[str]:
    """The roles whose holders hold a power over an account with ``actor_roles``: superusers
    grant and remove every power, 账号管理员 assign its roles, 网站专管员 watches and may
    deactivate it. Whoever takes over one of them could act on itself through that account."""
    if SUPERUSER in actor_roles:
        return frozenset({SUPERUSER})
    return frozenset({SUPERUSER, ACCOUNT_ADMIN}) | SECURITY_ROLES


def may_reset_credentials(
    *, actor_roles: frozenset[str], target_roles: frozenset[str], actor_id, target_id
) -> Verdict:
    """Whether the actor may set or clear another account's password, change the e-mail address
    its reset link goes to, or reset its second factor: with them, one signs in as that account."""
    oneself = actor_id is not None and actor_id == target_id
    reasons = [REFUSE_RESET_SELF] if oneself else []
    if not actor_roles & ASSIGNING_ROLES:
        reasons.append(REFUSE_RESET_NO_DUTY)
    elif not oneself and target_roles & powers_over(actor_roles):
        reasons.append(REFUSE_RESET_OVERSEER)
    return Verdict(not reasons, tuple(reasons))
