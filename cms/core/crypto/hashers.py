"""PBKDF2-HMAC-SM3 passwords (GB/T 39786-2021: identification with cryptography; UJCMS ships
SM3 hashing too). First in ``PASSWORD_HASHERS`` under the "sm" provider, so Django upgrades an
older hash at the account's next sign-in (``check_password``'s setter).
https://docs.djangoproject.com/en/5.2/topics/auth/passwords/#password-upgrading
"""

import base64

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from cms.core.crypto.provider import SM, provider_named


class PBKDF2SM3PasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sm3"
    # OpenSSL has no SM3 instructions to use where it has SHA-256's: a round costs three to four
    # times as much, so 300,000 rounds cost a sign-in about what Django's 1,000,000 of
    # PBKDF2-SHA256 do (scripts/bench_seals.py prints both).
    iterations = 300_000

    def encode(self, password, salt, iterations=None):
        self._check_encode_args(password, salt)
        iterations = iterations or self.iterations
        derived = provider_named(SM).pbkdf2(password.encode(), salt.encode(), iterations)
        hashed = base64.b64encode(derived).decode("ascii").strip()
        return f"{self.algorithm}${iterations}${salt}${hashed}"
