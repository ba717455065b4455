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
    # OpenSSL's SM3 runs at about 60% of SHA-256's speed: fewer rounds for the same cost per
    # sign-in than Django's PBKDF2-SHA256 (scripts/bench_seals.py prints both).
    iterations = 600_000

    def encode(self, password, salt, iterations=None):
        self._check_encode_args(password, salt)
        iterations = iterations or self.iterations
        derived = provider_named(SM).pbkdf2(password.encode(), salt.encode(), iterations)
        hashed = base64.b64encode(derived).decode("ascii").strip()
        return f"{self.algorithm}${iterations}${salt}${hashed}"
