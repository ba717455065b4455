"""Who is acting and what the separation of duties (``cms.security.duties``) says about a change
of roles or permissions: the reasons to refuse it, in Chinese, none when it is allowed. Reads the
roles from the database; ``cms.security.privileges`` and its backstop act on the verdicts.
"""

from cms.core.conf import get_setting
from cms.core.selectors import user_roles
from cms.security import duties

SUPERUSER_LABEL = "超级管理员"


def group_names_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True)) if user.pk else set()


def role_labels() -> dict[str, str]:
    return {**get_setting("ROLE_NAMES"), duties.SUPERUSER: SUPERUSER_LABEL}


def roles_of_names(names) -> frozenset[str]:
    code_by_name = {name: code for code, name in get_setting("ROLE_NAMES").items()}
    return frozenset(code_by_name[name] for name in names if name in code_by_name)


def actor_roles(actor) -> frozenset[str]:
    """The actor's roles, with the pseudo role ``superuser``; none for an anonymous request."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return frozenset()
    superuser = frozenset({duties.SUPERUSER}) if actor.is_superuser else frozenset()
    return user_roles(actor) | superuser


def _actor_id(actor):
    return getattr(actor, "pk", None) if actor is not None else None


# --------------------------------------------------------------------------- verdicts


def roles_verdict(*, actor, user, before, after, is_superuser: bool) -> tuple[str, ...]:
    """Reasons to refuse giving ``user`` the groups named ``after`` (none: allowed). ``actor``
    None is a script: only the conflicts apply."""
    reasons = []
    if actor is not None:
        verdict = duties.may_assign_roles(
            actor_id=_actor_id(actor), actor_roles=actor_roles(actor), target_id=user.pk
        )
        reasons += verdict.reasons
    if set(after) - set(before):  # taking roles away never makes a conflict
        reasons += _conflicts(after, is_superuser)
    return tuple(reasons)


def _conflicts(group_names, is_superuser: bool) -> tuple[str, ...]:
    roles = roles_of_names(group_names) | ({duties.SUPERUSER} if is_superuser else frozenset())
    return duties.conflict_messages(roles, role_labels())


def flags_verdict(*, actor, user, group_names, granting_superuser: bool) -> tuple[str, ...]:
    reasons = []
    if actor is not None:
        verdict = duties.may_change_flags(
            actor_id=_actor_id(actor), actor_roles=actor_roles(actor), target_id=user.pk
        )
        reasons += verdict.reasons
    if granting_superuser:
        reasons += _conflicts(group_names, True)
    return tuple(reasons)


def permissions_verdict(*, actor, user) -> tuple[str, ...]:
    if actor is None:
        return ()
    verdict = duties.may_assign_roles(
        actor_id=_actor_id(actor), actor_roles=actor_roles(actor), target_id=user.pk
    )
    return verdict.reasons


def group_verdict(*, actor, group) -> tuple[str, ...]:
    if actor is None:
        return ()
    group_ids = frozenset(actor.groups.values_list("pk", flat=True)) if actor.pk else frozenset()
    verdict = duties.may_change_group(
        actor_roles=actor_roles(actor), actor_group_ids=group_ids, group_id=group.pk
    )
    return verdict.reasons
