"""Development: DEBUG on and a throwaway secret, for one developer's machine only."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-deploy")  # noqa: S105
ALLOWED_HOSTS = ["*"]
API_DOCS_ENABLED = env_bool("API_DOCS_ENABLED", True)

# The demo content (`manage.py seed_demo`) exists in development and tests only.
INSTALLED_APPS = [*INSTALLED_APPS, "cms.demo"]  # noqa: F405

# Uploads are scanned by the clamd that `bash .ci/clamav.sh` starts. On a machine without
# it, UPLOAD_SCANNING=0 turns scanning off, and every start warns (system check xiuying.W001).
XIUYING.setdefault("CLAMD_URL", "unix:///tmp/xiuying-clamd/clamd.ctl")  # noqa: F405
XIUYING["UPLOAD_SCANNING"] = env_bool("UPLOAD_SCANNING", True)  # noqa: F405

# One developer's keys: a key file outside the database, made on first use (never committed:
# var/ is ignored). Production reads them from a KMS (README, "密评与防篡改").
XIUYING.setdefault("KEY_FILE", str(BASE_DIR / "var" / "keys.json"))  # noqa: F405
XIUYING["KEY_FILE_CREATE"] = XIUYING.get("KEY_BACKEND", "file") == "file"  # noqa: F405

# Without PUBLIC_BASE_URL the API's absolute URLs follow the host and port runserver answers on
# (`runserver 8001` gives http://127.0.0.1:8001/...); production always uses PUBLIC_BASE_URL.
if "PUBLIC_BASE_URL" not in os.environ:
    MIDDLEWARE = [*MIDDLEWARE, "cms.api.media.RequestBaseUrlMiddleware"]  # noqa: F405

# runserver already logs every request (django.server); the project's request log stays quiet.
LOGGING["loggers"]["xiuying.request"] = {"level": "WARNING"}  # noqa: F405
