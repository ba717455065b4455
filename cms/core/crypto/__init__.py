"""Cryptography for every app (issue 15, 密评 GB/T 39786-2021): one provider chosen by
``XIUYING["CRYPTO"]`` ("sm": SM3, HMAC-SM3, SM4-GCM; "intl": SHA-256, HMAC-SHA-256, AES-GCM),
versioned keys kept outside the database (``keys``), keyed seals of hash chains (``seals``),
an encrypted model field (``fields``) and a PBKDF2-HMAC-SM3 password hasher (``hashers``).

Every caller goes through these modules; none imports ``hashlib`` or ``cryptography`` for the
project's integrity or confidentiality."""
