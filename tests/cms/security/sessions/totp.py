"""Authenticator codes computed the way an app does, for tests (RFC 6238 via django-otp)."""

import time
from base64 import b32decode

from django_otp.oath import TOTP, hotp

# A fixed demo secret: tests compute its codes as an authenticator app would.
TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_from_secret(secret: str, *, at: float | None = None) -> str:
    """The code an app shows for a Base32 ``secret`` at ``at`` (now by default)."""
    totp = TOTP(b32decode(secret))
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def next_code(device) -> str:
    """A code ``device`` accepts now: it refuses a time step already used, so a second sign-in
    within 30 seconds takes the next step, which its tolerance of one step allows."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    step = max(totp.t(), device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
