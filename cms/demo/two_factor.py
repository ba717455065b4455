"""Two factors for the demo accounts whose roles require them (R-13), development only."""

from cms.core.selectors import forget_cached_access
from cms.security.two_factor import (
    totp_enrol_with_secret,
    totp_secret_generate,
    two_factor_enrolled,
    two_factor_required,
)


def demo_two_factor_ensure(users: dict, secret: str | None) -> dict[str, str]:
    """Enrol each account that needs two factors: with ``secret`` when given (every account the
    same, for black-box tests), otherwise a new secret per account not enrolled yet. Returns
    username → secret for the accounts enrolled on this run."""
    enrolled = {}
    for user in users.values():
        forget_cached_access(user)
        if not two_factor_required(user) or (secret is None and two_factor_enrolled(user)):
            continue
        account_secret = secret or totp_secret_generate()
        totp_enrol_with_secret(user=user, base32_secret=account_secret)
        enrolled[user.get_username()] = account_secret
    return enrolled
