"""Settings shared by every environment, read from environment variables.

Defaults are safe for development on one machine: DEBUG is off and there is no secret here;
``dev.py`` turns development conveniences on, ``production.py`` refuses unsafe configuration.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The project's apps, bottom layer first (README, "Architecture"); above Wagtail's, so that
# their templates override Wagtail's.
INSTALLED_APPS = [
    "cms.core",
    "cms.ops",
    "cms.security",
    "columns",
    "home",
    "cms.screening",
    "workflows",
    "liaisons",
    "cms.api",
    "cms.web",
    "cms.compliance",
    "wagtail_modeladmin",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.security.apps.XiuyingUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # Only so the API docs page (/api/v1/docs) serves Swagger UI from our static files, not a CDN.
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Wagtail's templates use its naturaltime filter ("3 分钟之前"); only an installed app's
    # translations are loaded, so without it those times stay in English.
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # A request id on every log line and response, then the load balancer's probes answered
    # before sessions, CSRF, the sign-in gates and the HTTPS redirect (cms/ops/).
    "cms.ops.middleware.RequestIdMiddleware",
    "cms.ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Sign-in rate limit before any work is done for the request; the request made known
    # to the upload checks Wagtail's forms and the storage run without it.
    "cms.security.ratelimit.LoginRateLimitMiddleware",
    "cms.security.uploads.UploadRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Second factor and one session per account: right after authentication.
    "django_otp.middleware.OTPMiddleware",
    "cms.security.sessions.AccountSessionMiddleware",
    "cms.security.two_factor_views.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # An expired or reset password is changed before anything else; after the second
    # factor, so that only a fully signed-in session is sent to change it.
    "cms.security.middleware.PasswordExpiryMiddleware",
    # Admin URLs that name an item the account may not see answer 404, and private documents
    # are kept out of shared caches.
    "columns.middleware.HiddenItemsMiddleware",
    "columns.middleware.RefusalReasonMiddleware",
    "columns.middleware.PrivateDocumentsMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# The embedded SQLite file is the default so that the project runs anywhere; any deployment
# sets DATABASE_URL (postgres://...) and gets PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A persistent connection is tested before each request reuses it, so that the site
        # recovers by itself after a database restart (measured by scripts/load.py).
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
# SQLite as an embedded database shared by the site and the worker (`make run`): WAL lets
# readers go on while one connection writes; every transaction takes the write lock when it
# begins (IMMEDIATE), so two never deadlock upgrading a read to a write (which SQLite answers
# at once with "database is locked", whatever the timeout); a writer waits up to
# SQLITE_BUSY_TIMEOUT seconds for the lock. NORMAL sync is safe with WAL (no corruption; a
# power cut may lose the last commits). https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
SQLITE_OPTIONS = {
    "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# A read replica for the public API only (cms/ops/db_router.py); in tests it mirrors default.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
DATABASE_ROUTERS = ["cms.ops.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xiuying",
            # A Redis that is down or unreachable costs a request seconds, not a hung worker.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 2},
        }
    }
    # Without Redis the site keeps serving, uncached (and the API without rate limits, see
    # cms/api/fastpath.py): django-redis logs the error and answers as a cache miss instead of
    # raising. https://github.com/jazzband/django-redis#memcached-exceptions-behavior
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # django-ratelimit cannot count then; sign-ins stay limited per account by django-axes,
    # whose counts are in the database.
    RATELIMIT_FAIL_OPEN = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # three character classes, and none of the last PASSWORD_HISTORY_COUNT passwords. The
    # history validator also restarts the expiry clock on every change, whatever the path.
    {"NAME": "cms.security.passwords.CharacterClassesValidator"},
    {"NAME": "cms.security.passwords.PasswordHistoryValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "cms" / "core" / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The release archive is outside MEDIA_ROOT so that it is never served to the public.
RELEASE_ARCHIVE_ROOT = Path(os.environ.get("RELEASE_ARCHIVE_ROOT", BASE_DIR / "archive"))
# Files found infected by manage.py rescan_media are moved here, outside MEDIA_ROOT.
QUARANTINE_ROOT = Path(os.environ.get("QUARANTINE_ROOT", BASE_DIR / "quarantine"))
# Reports built by the background worker (liaisons/tasks.py), outside MEDIA_ROOT.
REPORTS_ROOT = Path(os.environ.get("REPORTS_ROOT", BASE_DIR / "reports"))
STORAGES = {
    # Type check and clamd before any file is written; see cms/security/storage.py.
    "default": {"BACKEND": "cms.security.storage.ScanningFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "release_archive": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": RELEASE_ARCHIVE_ROOT, "base_url": None},
    },
    # Renditions are written by Willow from originals that passed the check.
    "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "quarantine": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": QUARANTINE_ROOT, "base_url": None},
    },
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": REPORTS_ROOT, "base_url": None},
    },
}
# Media on S3-compatible object storage (django-storages) when a bucket is named; uploads are
# still scanned (ScanningS3Storage), renditions go to the same bucket. The credentials are
# boto3's own variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
S3_BUCKET = os.environ.get("AWS_STORAGE_BUCKET_NAME") or os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    S3_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION_NAME") or None,
        "custom_domain": os.environ.get("S3_CUSTOM_DOMAIN") or None,
        "location": os.environ.get("S3_LOCATION", ""),
        # Signed URLs unless the bucket (or a CDN in front of it) serves media publicly.
        "querystring_auth": env_bool("S3_QUERYSTRING_AUTH", True),
        # Wagtail gives every upload a free name itself; never overwrite an existing object.
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "cms.security.storage.ScanningS3Storage",
        "OPTIONS": S3_OPTIONS,
    }
    STORAGES["renditions"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": S3_OPTIONS,
    }
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGIN_URL = "wagtailadmin_login"

WAGTAIL_SITE_NAME = "秀英党建网"
# One office, one time zone: the account page offers no list of the world's zones (in English).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
# Wagtail's sign-in form with its password field labelled in Chinese.
WAGTAILADMIN_USER_LOGIN_FORM = "cms.security.forms.LoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend with Chinese word segmentation of the index and the queries, so
# that "全会" finds "学习贯彻全会精神" in the admin and the API alike (R-24, cms/api/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.api.search_backend"}}
# The mini-program's API: absolute URLs start here, never from the request's Host header
# (https in production: the mini-program calls only whitelisted https domains); the interactive
# docs page at /api/v1/docs answers only when API_DOCS_ENABLED is on.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
API_DOCS_ENABLED = env_bool("API_DOCS_ENABLED", False)
WAGTAILDOCS_EXTENSIONS = ["csv", "doc", "docx", "pdf", "txt", "xls", "xlsx", "mp4"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Documents are always streamed by /documents/<id>/<name> after the privacy check of
# columns.document_rules (the before_serve_document hook), never handed out as a storage URL
# (a redirect to the bucket would make a private original material public to whoever holds it).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Every document and image form, single, multiple, chooser and API, checks uploads.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.security.forms.ScannedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.security.forms.ScannedImageForm"
WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No autosave: every revision is a deliberate save. An autosaved revision during review would
# silently restart the approval chain (approvals apply to one revision), and a reviewer opening
# the editor would create revisions without meaning to.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# The chain's last step publishes through our own finish action, which checks the whole chain
# first (R-08); publishing never cancels a run behind the approvers' backs.
WAGTAIL_FINISH_WORKFLOW_ACTION = "workflows.finish.release_finish"
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = False
WAGTAIL_MODERATION_ENABLED = True

# django-axes: 5 failures lock that username from that address for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The project's one client-address function (trusted proxies only), not axes' ipware defaults:
# those put every client without X-Forwarded-For in one bucket and believe forged headers.
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip.client_ip"
# The Chinese lockout page (status 429).
AXES_LOCKOUT_CALLABLE = "cms.security.lockout.lockout_response"

# The project's own options, read through cms.core.conf.get_setting() (defaults: cms/core/conf.py).
XIUYING = {
    "TRUSTED_PROXIES": env_list("TRUSTED_PROXIES"),
    "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
    # Whether a background worker must be running (production says yes unless told otherwise).
    "WORKER_EXPECTED": env_bool("WORKER_EXPECTED", False),
}

# The sign-in rate limits, raised for a large office behind one address, e.g.
# LOGIN_ADDRESS_RATE_LIMIT=300/m.
for _name in ("LOGIN_RATE_LIMIT", "LOGIN_ADDRESS_RATE_LIMIT"):
    if os.environ.get(_name):
        XIUYING[_name] = os.environ[_name]

# Cryptography and keys (issue 15, README "密评与防篡改"): the keys never live in settings.
XIUYING["CRYPTO"] = os.environ.get("XIUYING_CRYPTO", "sm")
for _name in (
    "KEY_BACKEND",
    "KEY_FILE",
    "KEY_COMMAND",
    "KEY_ROTATE_COMMAND",
    "ANCHOR_DIR",
    "ANCHOR_TSA_URL",
    "ANCHOR_TSA_CERTIFICATE",
):
    if os.environ.get(f"XIUYING_{_name}"):
        XIUYING[_name] = os.environ[f"XIUYING_{_name}"]

# Under "sm" new passwords are PBKDF2-HMAC-SM3; the others still verify, and are upgraded at
# the account's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if XIUYING["CRYPTO"] == "sm":
    PASSWORD_HASHERS.insert(0, "cms.core.crypto.hashers.PBKDF2SM3PasswordHasher")
else:
    PASSWORD_HASHERS.append("cms.core.crypto.hashers.PBKDF2SM3PasswordHasher")

# Where clamd listens; unset, cms/core/conf.py's default, Debian's clamav-daemon socket.
if os.environ.get("CLAMD_URL"):
    XIUYING["CLAMD_URL"] = os.environ["CLAMD_URL"]

# django-otp: the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "秀英党建网"

# Content Security Policy, sent by django-csp's middleware, which production.py adds; kept
# here so that tests check the admin against the very policy production sends. Enforced outside
# the admin. The admin gets it report-only: Wagtail 8 still renders inline <script>s (date and
# time widgets, InlinePanel, MultipleChooserPanel), so 'self' alone would break its editor.
# Styles allow 'unsafe-inline' because Wagtail's admin sets style attributes. Documents are
# excluded so that browsers' built-in PDF viewers are not blocked by object-src.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "media-src": ["'self'", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/documents/"],
    "DIRECTIVES": CSP_DIRECTIVES,
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "EXCLUDE_URL_PREFIXES": ["/documents/"],
    "DIRECTIVES": CSP_DIRECTIVES,
}
# No avatars from gravatar.com: no third-party requests from the admin (and none blocked by CSP).
WAGTAIL_GRAVATAR_PROVIDER_URL = None


def logging_config(log_format: str) -> dict:
    """One console handler; every record carries the request id (cms/ops/logging.py).
    ``log_format`` is "plain" (development) or "json" (one object a line, production)."""
    plain = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "cms.ops.logging.RequestIdFilter"}},
        "formatters": {
            "plain": {"format": plain},
            "json": {"()": "cms.ops.logging.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if log_format == "json" else "plain",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "axes": {"level": "WARNING"},
        },
    }


LOGGING = logging_config(os.environ.get("LOG_FORMAT", "plain"))

# Background jobs (django-tasks): mails, search indexing, rescreening, reports and media
# rescans run in `manage.py db_worker` (`make worker`), queued in the database.
# TASKS_BACKEND=immediate runs them inside the request instead (one-off scripts, the demo seed).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[os.environ.get("TASKS_BACKEND", "database")]}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "xiuying-cms@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
# Backends that deliver nothing: reset links would land in the log (console, file) or nowhere.
# Production refuses them unless ALLOW_LOCAL_EMAIL_BACKEND=1; check --deploy names it.
LOCAL_EMAIL_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)
ALLOW_LOCAL_EMAIL_BACKEND = env_bool("ALLOW_LOCAL_EMAIL_BACKEND", False)
# Reset mails limited per account and per address, each request recorded.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "cms.security.password_reset.XiuyingPasswordResetForm"  # noqa: S105
