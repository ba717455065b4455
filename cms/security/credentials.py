"""Another account's credentials (R-08, R-13, R-14, R-17): setting or clearing its password,
changing the e-mail address its reset link goes to, resetting its second factor. With any of
them one signs in as that account, so each is the 账号管理员's duty and never towards an account
holding a power over the actor (``duties.may_reset_credentials``).

A password someone else set is temporary: the account must choose its own at its next sign-in
(``passwords.password_require_change``, enforced by the password gate). Every reset is a security
event naming who and whom, mailed to the account's holder and to 网站专管员 and 组织部长; a refused
attempt is recorded and mailed like a refused change of roles. The user forms, the second
factor's pages and scripts call these services; ``privilege_signals`` refuses any other write of
a password or e-mail address made for one account from another's request.
"""

import logging

from django.contrib.auth import password_validation
from django.db import transaction

from cms.security import alerts, duties, passwords, privileges
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent
from cms.security.privilege_checks import actor_roles, group_names_of, roles_of_names
from cms.security.two_factor import two_factor_devices_remove

logger = logging.getLogger(__name__)

WHAT_PASSWORD = "密码"  # noqa: S105 - a label, not a password
WHAT_EMAIL = "邮箱"
WHAT_TWO_FACTOR = "双因素认证"
SET, CLEARED, RESET = "设置", "清除", "重置"


def account_roles(user, group_names=None) -> frozenset[str]:
    """The roles ``user`` holds (or the roles of ``group_names``), with ``superuser``; an
    inactive account's too, since it may be activated again."""
    names = group_names_of(user) if group_names is None else group_names
    superuser = frozenset({duties.SUPERUSER}) if user.is_superuser else frozenset()
    return roles_of_names(names) | superuser


def credentials_verdict(*, actor, user, target_roles=None) -> tuple[str, ...]:
    """Reasons to refuse ``actor`` resetting ``user``'s credentials (none: allowed). ``actor``
    None is a script at the server's console, which the rule does not bind."""
    if actor is None:
        return ()
    verdict = duties.may_reset_credentials(
        actor_roles=actor_roles(actor),
        target_roles=account_roles(user) if target_roles is None else target_roles,
        actor_id=getattr(actor, "pk", None),
        target_id=user.pk,
    )
    return verdict.reasons


def credentials_check(*, actor, user, what, request=None, target_roles=None, username=""):
    """Refuse (recorded, mailed, raised as ``PrivilegeChangeRefused``) unless allowed."""
    if reasons := credentials_verdict(actor=actor, user=user, target_roles=target_roles):
        privileges.privilege_refuse(
            actor=actor, request=request, target=user.get_username() or username, what=what,
            reasons=reasons,
        )  # fmt: skip


def holder_emails(user, *, previous_email: str = "") -> list[str]:
    """Where the holder hears of a reset: the stored address, the one given (if it changed in
    the same edit) and ``previous_email``, so a changed address cannot hide the reset."""
    stored = ""
    if user.pk:
        stored = type(user).objects.filter(pk=user.pk).values_list("email", flat=True).first()
    return sorted({email for email in (stored, user.email, previous_email) if email})


def credentials_record(kind, *, actor, user, what, action, request=None, emails=()):
    """Record a reset of ``user``'s ``what``; mail it once the change commits."""
    event = security_event_record(
        kind,
        request=request,
        user=actor if getattr(actor, "pk", None) else None,
        target=user.get_username(),
        what=what,
        action=action,
        source="script" if actor is None else "admin",
    )
    transaction.on_commit(lambda: alerts.alert_credentials(event, holder_emails=list(emails)))
    logger.info("%s of %s by %s", kind, user.get_username(), event.username or "a script")
    return event


# --------------------------------------------------------------------------- services


def user_set_password(*, actor, user, password: str, request=None, previous_email="") -> None:
    """Give ``user`` a temporary password, which it must replace at its next sign-in. The
    validators apply (Chinese ``ValidationError``)."""
    credentials_check(actor=actor, user=user, what=WHAT_PASSWORD, request=request)
    password_validation.validate_password(password, user=user)
    emails = holder_emails(user, previous_email=previous_email)
    with transaction.atomic(), privileges.acting(actor):
        user.set_password(password)
        user.save(update_fields=["password"])  # password_changed() restarts the record
        passwords.password_require_change(user=user)
        credentials_record(
            SecurityEvent.Kind.PASSWORD_SET, actor=actor, user=user, what=WHAT_PASSWORD,
            action=SET, request=request, emails=emails,
        )  # fmt: skip


def user_clear_password(*, actor, user, request=None) -> None:
    """Leave ``user`` without a usable password: it cannot sign in until one is set again."""
    credentials_check(actor=actor, user=user, what=WHAT_PASSWORD, request=request)
    emails = holder_emails(user)
    with transaction.atomic(), privileges.acting(actor):
        user.set_unusable_password()
        user.save(update_fields=["password"])
        credentials_record(
            SecurityEvent.Kind.PASSWORD_SET, actor=actor, user=user, what=WHAT_PASSWORD,
            action=CLEARED, request=request, emails=emails,
        )  # fmt: skip


def user_reset_two_factor(*, actor, user, request=None) -> None:
    """Remove ``user``'s authenticator and recovery codes; it enrols again at its next use."""
    credentials_check(actor=actor, user=user, what=WHAT_TWO_FACTOR, request=request)
    with transaction.atomic():
        two_factor_devices_remove(user=user)
        credentials_record(
            SecurityEvent.Kind.TOTP_RESET, actor=actor, user=user, what=WHAT_TWO_FACTOR,
            action=RESET, request=request, emails=holder_emails(user),
        )  # fmt: skip
