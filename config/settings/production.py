"""Production: refuses to start on an unsafe configuration."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOW_LOCAL_EMAIL_BACKEND,
    DEBUG,
    LOCAL_EMAIL_BACKENDS,
    PUBLIC_BASE_URL,
    SECRET_KEY,
    XIUYING,
    env_bool,
    logging_config,
)

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if not PUBLIC_BASE_URL.startswith("https://"):
    # The mini-program may call only whitelisted https domains, and the API's absolute URLs
    # start here.
    raise ImproperlyConfigured("PUBLIC_BASE_URL must be set to an https:// URL in production.")

# The keys of seals and encrypted fields (issue 15): from a KMS ("command"), a key file kept
# apart from the data and the backups, or the environment; never made up on the spot.
_KEY_SOURCES = {"file": "KEY_FILE", "command": "KEY_COMMAND"}
_key_backend = XIUYING.get("KEY_BACKEND", "file")
if _key_backend in _KEY_SOURCES and not XIUYING.get(_KEY_SOURCES[_key_backend]):
    raise ImproperlyConfigured(
        f"XIUYING_{_KEY_SOURCES[_key_backend]} must be set for the {_key_backend!r} key backend "
        "in production (README, 密评与防篡改)."
    )
if _key_backend == "env" and not os.environ.get("XIUYING_KEYS"):
    raise ImproperlyConfigured("XIUYING_KEYS must hold the key ring for the 'env' key backend.")
XIUYING["KEY_FILE_CREATE"] = False

# Mail goes out by SMTP (EMAIL_HOST...) unless EMAIL_BACKEND says otherwise. A backend that
# delivers nothing would put password reset links in the server's log (console, file) or lose
# them: refused unless ALLOW_LOCAL_EMAIL_BACKEND=1, which `check --deploy` then names
# (xiuying.W003, cms/security/checks.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if EMAIL_BACKEND in LOCAL_EMAIL_BACKENDS and not ALLOW_LOCAL_EMAIL_BACKEND:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND {EMAIL_BACKEND} delivers no mail (password reset links would be logged "
        "or lost); configure SMTP, or set ALLOW_LOCAL_EMAIL_BACKEND=1 to accept it."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Idle timeout: the session lives SESSION_IDLE_MINUTES (30) past the last request, every
# request renewing it; AccountSessionMiddleware also ends sessions kept alive only by the
# editor's background pings.
SESSION_COOKIE_AGE = XIUYING["SESSION_IDLE_MINUTES"] * 60
SESSION_SAVE_EVERY_REQUEST = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

# Web hardening. The proxy terminates TLS; Django redirects anything that arrived as http.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_PRELOAD = True
CSRF_COOKIE_HTTPONLY = True  # the admin reads the token from its forms, never from the cookie
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Wagtail's preview shows the page in a same-origin frame, so frames stay SAMEORIGIN, not DENY.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# WhiteNoise serves the collected static files (compressed, with hashed names cached for a
# year) right after SecurityMiddleware, as its docs ask; django-csp then sends
# CONTENT_SECURITY_POLICY (base.py). https://whitenoise.readthedocs.io/en/stable/django.html
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")  # noqa: F405
MIDDLEWARE = [  # noqa: F405
    *MIDDLEWARE[: _security + 1],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    *MIDDLEWARE[_security + 1 :],  # noqa: F405
]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# Queued jobs (mails, indexing, rescans) need a worker: /readyz and security_report watch its
# heartbeat (README, "Operations"); WORKER_EXPECTED=0 turns that watch off.
XIUYING["WORKER_EXPECTED"] = env_bool("WORKER_EXPECTED", True)

# One JSON object a line, with the request id, for the log collector; LOG_FORMAT=plain for eyes.
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "json"))

# Uploads are always scanned in production: neither the environment nor a settings
# override may turn scanning off, or store files without the check.
if not env_bool("UPLOAD_SCANNING", True) or not XIUYING.get("UPLOAD_SCANNING", True):
    raise ImproperlyConfigured("Upload virus scanning cannot be turned off in production (R-15).")
SCANNING_STORAGES = {
    "cms.security.storage.ScanningFileSystemStorage",
    "cms.security.storage.ScanningS3Storage",
}
if STORAGES["default"]["BACKEND"] not in SCANNING_STORAGES:  # noqa: F405
    raise ImproperlyConfigured("Uploads must be stored through cms.security.storage (R-15).")
