"""Fast, deterministic settings for the test suite (bakerydemo-style)."""

import os

from .base import *  # noqa: F403
from .base import DATABASES

# The demo content (`manage.py seed_demo`) exists in development and tests only.
INSTALLED_APPS = [*INSTALLED_APPS, "cms.demo"]  # noqa: F405

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# MD5 for speed; the tests of the SM3 hasher and its upgrade set the real list themselves.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each pytest-xdist worker ("gw0", "gw1", ...) files its uploads apart from the others.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", "/tmp/xiuying-test-media") + _worker  # noqa: S108
STORAGES = {
    **STORAGES,  # noqa: F405
    "release_archive": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": f"{MEDIA_ROOT}-archive"},
    },
    "quarantine": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": f"{MEDIA_ROOT}-quarantine", "base_url": None},
    },
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": f"{MEDIA_ROOT}-reports", "base_url": None},
    },
}
# Uploads are always type-checked; clamd scans them in CI (XIUYING_REQUIRE_EXTERNAL=1), where it
# must be running. Elsewhere the tests that prove scanning turn it on and skip without clamd.
XIUYING.setdefault("CLAMD_URL", "unix:///tmp/xiuying-clamd/clamd.ctl")  # noqa: F405
# The whole suite signs in from 127.0.0.1 within a minute, far more than 10 times; the tests of
# the limit set the production rate themselves.
XIUYING["LOGIN_RATE_LIMIT"] = "10000/m"  # noqa: F405
XIUYING["LOGIN_ADDRESS_RATE_LIMIT"] = "10000/m"  # noqa: F405
_in_ci = env_bool("XIUYING_REQUIRE_EXTERNAL")  # noqa: F405
XIUYING["UPLOAD_SCANNING"] = env_bool("UPLOAD_SCANNING", _in_ci)  # noqa: F405
# Each worker's key ring, made on first use (tests of rotation use a ring of their own).
XIUYING["KEY_BACKEND"] = "file"  # noqa: F405
XIUYING["KEY_FILE"] = f"{MEDIA_ROOT}-keys.json"  # noqa: F405
XIUYING["KEY_FILE_CREATE"] = True  # noqa: F405
# Reading the text inside pictures (Tesseract, about 0.5 s a picture) is on only in the tests of
# OCR (tests/cms/screening/test_ocr.py), so that every other picture a test makes costs nothing.
XIUYING["SCREENING_OCR"] = False  # noqa: F405
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.api.search_backend"}}
PUBLIC_BASE_URL = "https://dangjian.xiuying.example"
DATABASES["default"]["CONN_MAX_AGE"] = 0
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Background jobs run at once, inside the test (tests/cms/ops/test_worker.py runs the real queue).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
