"""Password policy (R-16): strength, no reuse of recent passwords, a forced first change and
expiry after ``PASSWORD_MAX_AGE_DAYS``.

Django calls ``password_validation.password_changed()`` after every ``set_password()`` + ``save()``
(the account page, the reset-by-email form, the user admin, ``changepassword``, scripts), so the
``password_changed`` method of ``PasswordHistoryValidator`` is the one place that resets the clock
and keeps the history, whichever path changed the password.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cms.core.conf import get_setting
from cms.security.events import security_event_record
from cms.security.models import PasswordRecord, SecurityEvent

TOO_FEW_CLASSES = "密码须至少包含大写字母、小写字母、数字和其他符号中的{count}类。"
REUSED = "不能使用最近{count}次用过的密码。"
EXPIRED_NOTICE = "您的密码已超过{days}天未修改，已经过期。请先修改密码再继续使用。"
MUST_CHANGE_NOTICE = "这是新建或被重置的账号，请先设置只有您自己知道的新密码。"
EXPIRES_SOON_NOTICE = "您的密码将在{days}天后过期，请及时修改。"

OK, WARN, EXPIRED, MUST_CHANGE = "ok", "warn", "expired", "must_change"


@dataclass(frozen=True)
class PasswordStatus:
    code: str
    days_left: int | None = None

    @property
    def blocks(self) -> bool:
        return self.code in (EXPIRED, MUST_CHANGE)


# Pure rules.


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and anything else ``password`` mixes."""
    lower = any("a" <= c <= "z" for c in password)
    upper = any("A" <= c <= "Z" for c in password)
    digit = any("0" <= c <= "9" for c in password)
    other = any(not ("a" <= c <= "z" or "A" <= c <= "Z" or "0" <= c <= "9") for c in password)
    return lower + upper + digit + other


def password_status(
    *,
    changed_at: datetime,
    must_change: bool,
    now: datetime,
    max_age_days: int,
    warning_days: int,
) -> PasswordStatus:
    """Where an account stands: must change, expired, warned (with days left) or fine."""
    if must_change:
        return PasswordStatus(MUST_CHANGE)
    if not max_age_days:
        return PasswordStatus(OK)
    left = changed_at + timedelta(days=max_age_days) - now
    if left <= timedelta(0):
        return PasswordStatus(EXPIRED, 0)
    days_left = math.ceil(left / timedelta(days=1))
    return PasswordStatus(WARN if days_left <= warning_days else OK, days_left)


def history_push(history: list[str], encoded: str, *, keep: int) -> list[str]:
    """The newest hash first, without duplicates, at most ``keep`` of them."""
    return [encoded, *(h for h in history if h != encoded)][:keep]


def password_reused(password: str, encoded_hashes) -> bool:
    return any(check_password(password, encoded) for encoded in encoded_hashes)


# Validators (AUTH_PASSWORD_VALIDATORS).


class CharacterClassesValidator:
    def validate(self, password, user=None):
        count = get_setting("PASSWORD_MIN_CHARACTER_CLASSES")
        if character_classes(password) < count:
            message = TOO_FEW_CLASSES.format(count=count)
            raise ValidationError(message, code="password_too_few_classes")

    def get_help_text(self):
        return TOO_FEW_CLASSES.format(count=get_setting("PASSWORD_MIN_CHARACTER_CLASSES"))


class PasswordHistoryValidator:
    """Refuses the current and recent passwords; records each new one (see the module doc)."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        if password_reused(password, password_history(user=user)):
            count = get_setting("PASSWORD_HISTORY_COUNT")
            raise ValidationError(REUSED.format(count=count), code="password_reused")

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            password_record_changed(user=user)

    def get_help_text(self):
        return REUSED.format(count=get_setting("PASSWORD_HISTORY_COUNT"))


# Selectors.


def password_history(*, user) -> list[str]:
    """The stored hashes of recent passwords, and the current one (which may predate them)."""
    record = PasswordRecord.objects.filter(user_id=user.pk).first()
    history = list(record.history) if record else []
    return history_push(history, user.password, keep=len(history) + 1)


def password_status_for(*, record: PasswordRecord, now: datetime | None = None) -> PasswordStatus:
    return password_status(
        changed_at=record.changed_at,
        must_change=record.must_change,
        now=now or timezone.now(),
        max_age_days=get_setting("PASSWORD_MAX_AGE_DAYS"),
        warning_days=get_setting("PASSWORD_WARNING_DAYS"),
    )


# Services.


def password_record_ensure(*, user) -> PasswordRecord:
    """The account's record; an account older than the policy starts its clock now."""
    record, _ = PasswordRecord.objects.get_or_create(
        user_id=user.pk, defaults={"changed_at": timezone.now(), "history": [user.password]}
    )
    return record


@transaction.atomic
def password_record_changed(*, user) -> PasswordRecord:
    """A new password was saved: restart the clock, lift a forced change, keep its hash."""
    record = PasswordRecord.objects.select_for_update().filter(user_id=user.pk).first()
    keep = get_setting("PASSWORD_HISTORY_COUNT")
    if record is None:
        # The first password of an account is not a change worth an event.
        return PasswordRecord.objects.create(
            user_id=user.pk, changed_at=timezone.now(), history=[user.password]
        )
    record.changed_at, record.must_change = timezone.now(), False
    record.history = history_push(record.history, user.password, keep=keep)
    record.save()
    security_event_record(SecurityEvent.Kind.PASSWORD_CHANGED, user=user)
    return record


def password_require_change(*, user) -> PasswordRecord:
    """A new account, or one whose password someone else set (``credentials.user_set_password``):
    it changes it at its next sign-in."""
    record = password_record_ensure(user=user)
    PasswordRecord.objects.filter(pk=record.pk).update(must_change=True)
    record.must_change = True
    return record


def password_mark_chosen(user) -> PasswordRecord:
    """The account's holder chose the current password (seed_demo's demo accounts): no forced
    change, and the clock starts now."""
    record = password_record_ensure(user=user)
    record.changed_at, record.must_change = timezone.now(), False
    record.history = history_push(
        record.history, user.password, keep=get_setting("PASSWORD_HISTORY_COUNT")
    )
    record.save()
    return record
