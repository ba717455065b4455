"""The backstop under the privilege services (R-08, R-13, R-14): receivers on every write of an
account's groups, its direct permissions, a group's permissions and the superuser and staff
flags, whoever makes it (``user.groups.add`` in a shell, a bulk action, a third-party view);
and on a password or e-mail address written for one account from another's request
(``cms.security.credentials``).

Inside a service (``privileges.acting``) they stand aside: the service checked the whole change
and records it once. Otherwise they apply the same rules before the write, with the account of
the request in progress as the actor (a script has none: the role conflicts alone apply), and
record the change with before and after. Django sends ``m2m_changed`` inside the write's
transaction, so a refusal (``PrivilegeChangeRefused``) leaves nothing written.
https://docs.djangoproject.com/en/5.2/ref/signals/#m2m-changed
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.core.selectors import forget_cached_access
from cms.security import credentials, privileges
from cms.security import privilege_checks as checks
from cms.security.models import SecurityEvent
from cms.security.uploads import current_request

_FLAGS = ("is_superuser", "is_staff")
_BEFORE = "_xiuying_flags_before"


def _actor():
    """The account of the request in progress (anonymous counts: it holds no duty), or None
    from a script."""
    request = current_request()
    return getattr(request, "user", None) if request is not None else None


def _changed_names(action, before: set[str], names: set[str]) -> set[str]:
    if action == "pre_add":
        return before | names
    if action == "pre_remove":
        return before - names
    return set()  # pre_clear


def _reverse_targets(related_manager, model, action, pk_set) -> list:
    if action == "pre_clear":
        return list(related_manager.all())
    return list(model.objects.filter(pk__in=pk_set or ()))


def _per_target(action: str) -> str:
    # Clearing from the other side takes this one item from each target, not everything.
    return "pre_remove" if action == "pre_clear" else action


def _named(model, pk_set) -> set[str]:
    return set(model.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))


# --------------------------------------------------------------------------- an account's groups


def on_user_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear") or privileges.in_service():
        return
    if reverse:  # group.user_set.add(...): each account gains or loses this one group
        users = _reverse_targets(instance.user_set, model, action, pk_set)
        changes = [(user, {instance.name}) for user in users]
        action = _per_target(action)
    else:
        changes = [(instance, _named(model, pk_set))]
    for user, names in changes:
        _user_groups_check_and_record(user, action, names)


def _user_groups_check_and_record(user, action, names):
    before = checks.group_names_of(user)
    after = _changed_names(action, before, names)
    if after == before:
        return
    actor, request = _actor(), current_request()
    target = user.get_username()
    if reasons := checks.roles_verdict(
        actor=actor, user=user, before=before, after=after, is_superuser=user.is_superuser
    ):
        privileges.privilege_refuse(
            actor=actor, request=request, target=target, what=privileges.WHAT_ROLES,
            reasons=reasons, before=sorted(before), after=sorted(after),
        )  # fmt: skip
    forget_cached_access(user)
    privileges.privilege_record(
        SecurityEvent.Kind.ROLE_CHANGED, actor=actor, request=request, target=target,
        what=privileges.WHAT_ROLES, before=sorted(before), after=sorted(after),
    )  # fmt: skip


# --------------------------------------------------------------------------- permissions


def _permission_set_after(action, before: list[str], changed: list[str]) -> list[str]:
    if action == "pre_add":
        return sorted(set(before) | set(changed))
    if action == "pre_remove":
        return sorted(set(before) - set(changed))
    return []


def _changed_permissions(model, pk_set) -> list[str]:
    return privileges.permission_names(
        model.objects.filter(pk__in=pk_set or ()).select_related("content_type")
    )


def on_user_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear") or privileges.in_service():
        return
    if reverse:  # permission.user_set.add(...)
        users = _reverse_targets(instance.user_set, model, action, pk_set)
        changed, action = privileges.permission_names([instance]), _per_target(action)
    else:
        users, changed = [instance], _changed_permissions(model, pk_set)
    for user in users:
        before = privileges.permission_names(user.user_permissions.select_related("content_type"))
        after = _permission_set_after(action, before, changed)
        reasons = checks.permissions_verdict(actor=_actor(), user=user)
        _check_and_record(user.get_username(), privileges.WHAT_PERMISSIONS, before, after, reasons)


def on_group_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear") or privileges.in_service():
        return
    if reverse:  # permission.group_set.add(...)
        groups = _reverse_targets(instance.group_set, model, action, pk_set)
        changed, action = privileges.permission_names([instance]), _per_target(action)
    else:
        groups, changed = [instance], _changed_permissions(model, pk_set)
    for group in groups:
        before = privileges.permission_names(group.permissions.select_related("content_type"))
        after = _permission_set_after(action, before, changed)
        reasons = checks.group_verdict(actor=_actor(), group=group)
        target = privileges.GROUP_TARGET.format(name=group.name)
        _check_and_record(target, privileges.WHAT_GROUP_PERMISSIONS, before, after, reasons)


def _check_and_record(target, what, before, after, reasons):
    if after == before:
        return
    actor, request = _actor(), current_request()
    if reasons:
        privileges.privilege_refuse(
            actor=actor, request=request, target=target, what=what, reasons=reasons,
            before=before, after=after,
        )  # fmt: skip
    privileges.privilege_record(
        SecurityEvent.Kind.PERMISSION_CHANGED, actor=actor, request=request, target=target,
        what=what, before=before, after=after,
    )  # fmt: skip


# --------------------------------------------------------------------------- superuser and staff


def on_user_pre_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not set(update_fields) & set(_FLAGS)):
        return
    before = _stored_flags(instance)
    after = {flag: bool(getattr(instance, flag)) for flag in _FLAGS}
    if before == after:
        return
    if not privileges.in_service():
        _flags_check(instance, before, after)
    setattr(instance, _BEFORE, before)


def _stored_flags(user) -> dict:
    stored = None
    if not user._state.adding and user.pk is not None:
        stored = type(user).objects.filter(pk=user.pk).values(*_FLAGS).first()
    return {flag: bool(stored and stored[flag]) for flag in _FLAGS}


def _flags_check(user, before, after):
    actor = _actor()
    granting = after["is_superuser"] and not before["is_superuser"]
    group_names = checks.group_names_of(user)
    if reasons := checks.flags_verdict(
        actor=actor, user=user, group_names=group_names, granting_superuser=granting
    ):
        privileges.privilege_refuse(
            actor=actor, request=current_request(), target=user.get_username(),
            what=privileges.WHAT_FLAGS, reasons=reasons,
            before=privileges.flag_names(**before), after=privileges.flag_names(**after),
        )  # fmt: skip


def on_user_post_save(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if before is None or raw:
        return
    after = {flag: bool(getattr(instance, flag)) for flag in _FLAGS}
    privileges.privilege_record(
        SecurityEvent.Kind.ACCOUNT_FLAGS_CHANGED, actor=privileges.current_actor(_actor()),
        request=current_request(), target=instance.get_username(), what=privileges.WHAT_FLAGS,
        before=privileges.flag_names(**before), after=privileges.flag_names(**after),
    )  # fmt: skip


# --------------------------------------------------------------------------- credentials

_CREDENTIALS = {"password": credentials.WHAT_PASSWORD, "email": credentials.WHAT_EMAIL}


def on_user_credentials_pre_save(sender, instance, update_fields=None, raw=False, **kwargs):
    """The holder's own changes, a reset link (an anonymous request) and scripts pass; another
    signed-in account must hold the duty, as in the credential services (which stand aside)."""
    if raw or instance.pk is None or privileges.in_service():
        return
    if update_fields is not None and not set(update_fields) & set(_CREDENTIALS):
        return
    actor = _actor()
    if not getattr(actor, "is_authenticated", False) or actor.pk == instance.pk:
        return
    if what := _credentials_written(instance):
        credentials.credentials_check(
            actor=actor, user=instance, what=what, request=current_request()
        )


def _credentials_written(user) -> str:
    stored = type(user).objects.filter(pk=user.pk).values(*_CREDENTIALS).first()
    if stored is None:
        return ""
    return "、".join(
        label for field, label in _CREDENTIALS.items() if stored[field] != getattr(user, field)
    )


def connect():
    from django.db.models.signals import m2m_changed, post_save, pre_save

    user_model = get_user_model()
    receivers = [
        (m2m_changed, on_user_groups_changed, user_model.groups.through),
        (m2m_changed, on_user_permissions_changed, user_model.user_permissions.through),
        (m2m_changed, on_group_permissions_changed, Group.permissions.through),
        (pre_save, on_user_pre_save, user_model),
        (pre_save, on_user_credentials_pre_save, user_model),
        (post_save, on_user_post_save, user_model),
    ]
    for signal, receiver, sender in receivers:
        signal.connect(receiver, sender=sender, dispatch_uid=f"xiuying_{receiver.__name__}")
