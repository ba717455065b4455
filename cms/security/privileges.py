"""Changes of roles and permissions (R-08, R-13, R-14), checked against the separation of duties
(``cms.security.duties``), recorded as security events with before and after, and mailed to
网站专管员 and 组织部长 once committed. A refused attempt is recorded and mailed too.

The services here are the path of the user and group forms, the bulk action and scripts
(``user_set_roles(actor=..., user=..., groups=...)``). ``cms.security.privilege_signals`` is the
backstop for any other write to the same tables: it applies the same rules, with the account of
the request in progress as the actor, or, from a script, the role conflicts alone.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cms.core.selectors import forget_cached_access
from cms.security import alerts
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent
from cms.security.privilege_checks import (
    flags_verdict,
    group_names_of,
    group_verdict,
    permissions_verdict,
    roles_verdict,
)

logger = logging.getLogger(__name__)

WHAT_ROLES = "角色"
WHAT_PERMISSIONS = "直接权限"
WHAT_GROUP_PERMISSIONS = "角色组权限"
WHAT_FLAGS = "超级管理员、职员身份"
GROUP_TARGET = "角色组：{name}"
FLAG_LABELS = {"is_superuser": "超级管理员", "is_staff": "职员"}

_acting: ContextVar = ContextVar("xiuying_privilege_actor", default=None)


class PrivilegeChangeRefused(PermissionDenied):
    """A change of roles or permissions the separation of duties refuses; says why in Chinese."""

    def __init__(self, reasons):
        self.reasons = tuple(reasons)
        super().__init__("".join(self.reasons))


@contextmanager
def acting(actor):
    """Writes inside are made by a service for ``actor``, which checked and records them."""
    token = _acting.set({"actor": actor})
    try:
        yield
    finally:
        _acting.reset(token)


def in_service() -> bool:
    return _acting.get() is not None


def current_actor(fallback=None):
    """The actor a service named, or ``fallback`` outside any service."""
    scope = _acting.get()
    return scope["actor"] if scope is not None else fallback


# --------------------------------------------------------------------------- records


def _event_user(actor):
    return actor if getattr(actor, "pk", None) else None


def privilege_record(kind, *, actor, request=None, target, what, before, after, **extra):
    """Record a change with before and after; mail it once the change commits."""
    event = security_event_record(
        kind,
        request=request,
        user=_event_user(actor),
        target=target,
        what=what,
        before=list(before),
        after=list(after),
        source="script" if actor is None else "admin",
        **extra,
    )
    transaction.on_commit(lambda: alerts.alert_privilege(event))
    return event


def privilege_refuse(*, actor, request=None, target, what, reasons, **attempt):
    """Record and mail a refused attempt, then raise. The mail goes at once: the attempt's
    transaction may roll the event back."""
    event = security_event_record(
        SecurityEvent.Kind.PRIVILEGE_REFUSED,
        request=request,
        user=_event_user(actor),
        target=target,
        what=what,
        reasons=list(reasons),
        **attempt,
    )
    logger.warning("privilege change refused: %s of %s: %s", what, target, "".join(reasons))
    alerts.alert_privilege(event)
    raise PrivilegeChangeRefused(reasons)


# --------------------------------------------------------------------------- services


def user_change_check(
    *, actor, user, groups, is_superuser: bool, request=None, username: str = ""
) -> None:
    """Refuse (recorded, raised) unless ``actor`` may give ``user`` these groups and this
    superuser flag; the user forms call it before saving anything."""
    before, after = group_names_of(user), {group.name for group in groups}
    reasons = ()
    if before != after:
        reasons = roles_verdict(
            actor=actor, user=user, before=before, after=after, is_superuser=is_superuser
        )
    if is_superuser != bool(user.pk and user.is_superuser):
        reasons += flags_verdict(
            actor=actor, user=user, group_names=after, granting_superuser=is_superuser
        )
    if reasons:
        privilege_refuse(
            actor=actor, request=request, target=user.get_username() or username,
            what=WHAT_ROLES, reasons=_unique(reasons), before=sorted(before),
            after=sorted(after), is_superuser=is_superuser,
        )  # fmt: skip


def _unique(reasons) -> list[str]:
    return list(dict.fromkeys(reasons))


def user_set_roles(*, actor, user, groups, request=None) -> bool:
    """Give ``user`` exactly ``groups``; True when anything changed. ``actor`` None is a script."""
    before, after = group_names_of(user), {group.name for group in groups}
    if before == after:
        return False
    reasons = roles_verdict(
        actor=actor, user=user, before=before, after=after, is_superuser=user.is_superuser
    )
    if reasons:
        privilege_refuse(
            actor=actor, request=request, target=user.get_username(), what=WHAT_ROLES,
            reasons=_unique(reasons), before=sorted(before), after=sorted(after),
        )  # fmt: skip
    _roles_apply(actor=actor, user=user, groups=groups, before=before, after=after, request=request)
    return True


@transaction.atomic
def _roles_apply(*, actor, user, groups, before, after, request):
    with acting(actor):
        user.groups.set(groups)
    forget_cached_access(user)
    privilege_record(
        SecurityEvent.Kind.ROLE_CHANGED, actor=actor, request=request,
        target=user.get_username(), what=WHAT_ROLES, before=sorted(before), after=sorted(after),
    )  # fmt: skip


def permission_names(permissions) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


def user_set_permissions(*, actor, user, permissions, request=None) -> bool:
    """Give ``user`` exactly these direct permissions (Django's ``user_permissions``)."""
    return _permissions_set(
        actor=actor, request=request, permissions=permissions,
        before=permission_names(user.user_permissions.select_related("content_type")),
        grant=lambda: user.user_permissions.set(permissions),
        target=user.get_username(), what=WHAT_PERMISSIONS,
        verdict=lambda: permissions_verdict(actor=actor, user=user),
    )  # fmt: skip


def group_set_permissions(*, actor, group, permissions, request=None) -> bool:
    """Give ``group`` exactly these model permissions."""
    held = group.permissions.select_related("content_type") if group.pk else []
    return _permissions_set(
        actor=actor, request=request, permissions=permissions,
        before=permission_names(held), grant=lambda: group.permissions.set(permissions),
        target=GROUP_TARGET.format(name=group.name), what=WHAT_GROUP_PERMISSIONS,
        verdict=lambda: group_verdict(actor=actor, group=group),
    )  # fmt: skip


def _permissions_set(*, actor, request, permissions, before, grant, target, what, verdict) -> bool:
    """A permission change of a user or a group: nothing when nothing changes; refused and
    recorded when the separation of duties forbids it; else made and recorded (R-13, R-14)."""
    after = permission_names(permissions)
    if before == after:
        return False
    if reasons := verdict():
        privilege_refuse(
            actor=actor, request=request, target=target, what=what,
            reasons=reasons, before=before, after=after,
        )  # fmt: skip
    with transaction.atomic(), acting(actor):
        grant()
        privilege_record(
            SecurityEvent.Kind.PERMISSION_CHANGED, actor=actor, request=request,
            target=target, what=what, before=before, after=after,
        )  # fmt: skip
    return True


def group_permissions_snapshot(group) -> list[str]:
    """Every permission ``group`` holds: model permissions, and Wagtail's page and collection
    permissions (which the admin's group form writes with ``bulk_create``, sending no signal)."""
    if not group.pk:
        return []
    pages = group.page_permissions.select_related("page", "permission")
    collections = group.collection_permissions.select_related("collection", "permission")
    return sorted(
        [
            *permission_names(group.permissions.select_related("content_type")),
            *(f"{p.permission.codename}@页面“{p.page.title}”" for p in pages),
            *(f"{c.permission.codename}@集合“{c.collection.name}”" for c in collections),
        ]
    )


@contextmanager
def group_change_recorded(*, actor, group, request=None):
    """Make the permission writes inside one change of ``group``, recorded as one event."""
    before = group_permissions_snapshot(group)
    with transaction.atomic(), acting(actor):
        yield
        after = group_permissions_snapshot(group)
        if after != before:
            privilege_record(
                SecurityEvent.Kind.PERMISSION_CHANGED, actor=actor, request=request,
                target=GROUP_TARGET.format(name=group.name), what=WHAT_GROUP_PERMISSIONS,
                before=before, after=after,
            )  # fmt: skip


def flag_names(*, is_superuser: bool, is_staff: bool) -> list[str]:
    flags = {"is_superuser": is_superuser, "is_staff": is_staff}
    return [label for name, label in FLAG_LABELS.items() if flags[name]]


def user_set_flags(*, actor, user, is_superuser=None, is_staff=None, request=None) -> bool:
    """Grant or remove the superuser and staff flags; True when anything changed. The receiver
    on the user's save records it (``privilege_signals``), with ``actor`` as the one acting."""
    old = {"is_superuser": user.is_superuser, "is_staff": user.is_staff}
    new = {
        "is_superuser": old["is_superuser"] if is_superuser is None else is_superuser,
        "is_staff": old["is_staff"] if is_staff is None else is_staff,
    }
    if new == old:
        return False
    granting = new["is_superuser"] and not old["is_superuser"]
    group_names = group_names_of(user)
    if reasons := flags_verdict(
        actor=actor, user=user, group_names=group_names, granting_superuser=granting
    ):
        privilege_refuse(
            actor=actor, request=request, target=user.get_username(), what=WHAT_FLAGS,
            reasons=reasons, before=flag_names(**old), after=flag_names(**new),
        )  # fmt: skip
    user.is_superuser, user.is_staff = new["is_superuser"], new["is_staff"]
    with acting(actor):
        user.save(update_fields=["is_superuser", "is_staff"])
    return True
