"""Two factors for the admin (R-13, R-17): TOTP with django-otp, recovery codes, resets.

Pure rules come first (who must use two factors, where the sign-in goes next, how a secret and a
code are read), then reads, then the services that views, scripts and ``seed_demo`` call.
A session counts as verified the way django-otp defines it: ``otp_device_id`` in the session,
set by :func:`django_otp.login` after a code was accepted.
"""

import binascii
import logging
import math
import secrets
from base64 import b32decode, b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from cms.core.conf import get_setting
from cms.core.selectors import user_roles
from cms.security.events import security_event_record
from cms.security.models import SealedTOTPDevice, SecurityEvent

logger = logging.getLogger(__name__)

TOTP_DEVICE_NAME = "验证器"
RECOVERY_DEVICE_NAME = "恢复码"
RECOVERY_CODE_COUNT = 10
SUPERUSER = "superuser"
VERIFY, ENROL = "verify", "enrol"
TOTP, RECOVERY = "totp", "recovery"

CODE_INVALID = "验证码不正确或已使用过，请重新输入。"
CODE_THROTTLED = "验证码错误次数过多，请{seconds}秒后再试。"
SECRET_INVALID = "TOTP 密钥须为 Base32 编码，至少 16 个字符。"  # noqa: S105
SECRET_TOO_LONG = "TOTP 密钥不能超过 38 个 Base32 字符（192 位）。"  # noqa: S105
# The encrypted secret (cms/security/totp_keys.py) must fit django-otp's 80-character column.
SECRET_MAX_BYTES = 24


# --------------------------------------------------------------------------- pure rules


def two_factor_required_for(*, roles, is_superuser: bool, required_roles) -> bool:
    """Whether an account with these roles must sign in with two factors."""
    required = frozenset(required_roles)
    return bool(frozenset(roles) & required) or (is_superuser and SUPERUSER in required)


def gate_step(*, enrolled: bool, required: bool) -> str | None:
    """Where a signed-in, not yet verified session must go: the code page, enrolment, or on."""
    if enrolled:
        return VERIFY
    return ENROL if required else None


def secret_hex(base32_secret: str) -> str:
    """The hex key django-otp stores for a Base32 secret as authenticator apps show it."""
    cleaned = "".join(base32_secret.split()).upper().rstrip("=")
    if len(cleaned) < 16:
        raise ValidationError(SECRET_INVALID)
    try:
        secret = b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError) as error:
        raise ValidationError(SECRET_INVALID) from error
    if len(secret) > SECRET_MAX_BYTES:
        raise ValidationError(SECRET_TOO_LONG)
    return secret.hex()


def code_normalise(code: str) -> str:
    return "".join(ch for ch in code if ch not in " -").lower()


def code_kind(code: str) -> str:
    """Six digits are an authenticator code; anything else is tried as a recovery code."""
    normalised = code_normalise(code)
    return TOTP if normalised.isdigit() and len(normalised) == 6 else RECOVERY


def throttle_seconds(locked_until, now) -> int:
    return max(1, math.ceil((locked_until - now).total_seconds())) if locked_until else 1


# --------------------------------------------------------------------------- reads


def two_factor_required(user) -> bool:
    return two_factor_required_for(
        roles=user_roles(user),
        is_superuser=user.is_superuser,
        required_roles=get_setting("TWO_FACTOR_REQUIRED_ROLES"),
    )


def totp_device(user, *, confirmed: bool = True) -> SealedTOTPDevice | None:
    return SealedTOTPDevice.objects.devices_for_user(user, confirmed=confirmed).first()


def two_factor_enrolled(user) -> bool:
    return SealedTOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def session_verified(user) -> bool:
    """Whether this request's session passed the second factor (django-otp's middleware)."""
    return bool(getattr(user, "is_verified", lambda: False)())


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_base32(device: SealedTOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as inline SVG, drawn here: the secret never leaves the server."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=16)
    return image.to_string(encoding="unicode")


@dataclass(frozen=True)
class AccountRow:
    user: object
    roles: tuple[str, ...]
    role_codes: frozenset[str]
    required: bool
    enrolled: bool
    session: object


def two_factor_accounts() -> list[AccountRow]:
    """Active accounts with their roles, whether they need and have two factors, and their
    current session; a fixed number of queries however many accounts there are."""
    names = get_setting("ROLE_NAMES")
    code_by_name = {name: code for code, name in names.items()}
    required_roles = get_setting("TWO_FACTOR_REQUIRED_ROLES")
    enrolled = SealedTOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    users = get_user_model().objects.filter(is_active=True).annotate(enrolled=Exists(enrolled))
    users = users.select_related("xiuying_session").prefetch_related("groups")
    return [_account_row(user, code_by_name, required_roles) for user in users.order_by("username")]


def _account_row(user, code_by_name, required_roles) -> AccountRow:
    roles = frozenset(code_by_name[g.name] for g in user.groups.all() if g.name in code_by_name)
    required = two_factor_required_for(
        roles=roles, is_superuser=user.is_superuser, required_roles=required_roles
    )
    session = getattr(user, "xiuying_session", None)
    names = get_setting("ROLE_NAMES")
    return AccountRow(
        user, tuple(sorted(names[r] for r in roles)), roles, required, user.enrolled, session
    )


# --------------------------------------------------------------------------- services


def totp_secret_generate() -> str:
    """A new 160-bit Base32 secret, the size RFC 4226 recommends."""
    return b32encode(secrets.token_bytes(20)).decode()


def totp_enrol_start(*, user) -> SealedTOTPDevice:
    """The account's pending authenticator: the same one until it is confirmed, so reloading
    the enrolment page does not change the QR code already scanned."""
    device = totp_device(user, confirmed=False)
    return device or SealedTOTPDevice.objects.create(
        user=user, name=TOTP_DEVICE_NAME, confirmed=False
    )


def totp_enrol_confirm(*, request, device: SealedTOTPDevice, code: str) -> list[str]:
    """Confirm ``device`` with a code from the app; returns the new recovery codes."""
    # Verified outside the transaction below: a failure must keep its throttling count.
    if device.user_id != request.user.pk or not device.verify_token(code_normalise(code)):
        security_event_record(SecurityEvent.Kind.TOTP_FAILURE, request=request, step=ENROL)
        raise ValidationError(CODE_INVALID)
    codes = _enrolment_complete(device)
    otp_login(request, device)
    security_event_record(SecurityEvent.Kind.TOTP_ENROLLED, request=request, source="app")
    return codes


@transaction.atomic
def _enrolment_complete(device: SealedTOTPDevice) -> list[str]:
    SealedTOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_issue(user=device.user)


@transaction.atomic
def totp_enrol_with_secret(*, user, base32_secret: str) -> SealedTOTPDevice:
    """Enrol ``user`` with a known secret (``seed_demo --totp-secret``, tests)."""
    key = secret_hex(base32_secret)
    SealedTOTPDevice.objects.filter(user=user).delete()
    device = SealedTOTPDevice.objects.create(
        user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True
    )
    security_event_record(SecurityEvent.Kind.TOTP_ENROLLED, user=user, source="secret")
    return device


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """Ten new one-time codes; the previous ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_verify(*, request, code: str):
    """Check the second factor of the signed-in user and mark the session verified.

    django-otp throttles each device: every failure doubles the wait before the next try.
    """
    kind = code_kind(code)
    device = _device_for(request.user, kind)
    allowed, info = device.verify_is_allowed() if device else (True, None)
    if not allowed:
        _failure(request, kind, throttled=True)
        raise ValidationError(CODE_THROTTLED.format(seconds=_wait(info)))
    verified = device and verify_token(request.user, device.persistent_id, code_normalise(code))
    if not verified:
        _failure(request, kind, throttled=False)
        raise ValidationError(CODE_INVALID)
    otp_login(request, verified)
    return verified


def _device_for(user, kind: str):
    model = SealedTOTPDevice if kind == TOTP else StaticDevice
    return model.objects.devices_for_user(user, confirmed=True).first()


def _wait(info) -> int:
    return throttle_seconds((info or {}).get("locked_until"), timezone.now())


def _failure(request, kind: str, *, throttled: bool) -> None:
    security_event_record(
        SecurityEvent.Kind.TOTP_FAILURE,
        request=request,
        step=VERIFY,
        factor=kind,
        throttled=throttled,
    )
    logger.warning("second-factor failure for %s (%s)", request.user.get_username(), kind)


def two_factor_devices_remove(*, user) -> None:
    """Delete the account's authenticator and recovery codes. Resetting another account's
    second factor is ``cms.security.credentials.user_reset_two_factor``, which checks who may."""
    SealedTOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
