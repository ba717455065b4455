"""System checks remind whoever turned scanning off, on every start, and refuse a default storage
that skips the upload check (R-15); deployment checks want a shared cache for rate limits and a
mail backend that delivers password reset links (R-13)."""

from django.core.checks import Error, Warning

from cms.security.checks import (
    CACHE_NOT_SHARED,
    LOCAL_MAIL,
    SCANNING_OFF,
    STORAGE_UNCHECKED,
    local_mail_backend_check,
    shared_cache_check,
    upload_scanning_check,
    upload_storage_check,
)


def test_scanning_off_warns(settings):
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_SCANNING": False}

    [warning] = upload_scanning_check(None)
    assert isinstance(warning, Warning)
    assert (warning.id, warning.msg) == ("xiuying.W001", SCANNING_OFF)


def test_scanning_on_is_quiet(settings):
    settings.XIUYING = {**settings.XIUYING, "UPLOAD_SCANNING": True}

    assert upload_scanning_check(None) == []


def test_plain_file_storage_is_an_error(settings):
    plain = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": plain}

    [error] = upload_storage_check(None)
    assert isinstance(error, Error)
    assert error.msg == STORAGE_UNCHECKED


def test_the_configured_storage_passes():
    assert upload_storage_check(None) == []


def test_local_memory_cache_is_flagged_for_deployment(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert [w.msg for w in shared_cache_check(None)] == [CACHE_NOT_SHARED]


def test_redis_cache_passes(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x"}
    }

    assert shared_cache_check(None) == []


def test_a_mail_backend_that_delivers_nothing_is_flagged_for_deployment(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.ALLOW_LOCAL_EMAIL_BACKEND = True

    [warning] = local_mail_backend_check(None)
    assert warning.id == "xiuying.W003"
    assert warning.msg == LOCAL_MAIL.format(backend=settings.EMAIL_BACKEND)
    assert "ALLOW_LOCAL_EMAIL_BACKEND is set (now: on)" in warning.hint


def test_smtp_passes(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    assert local_mail_backend_check(None) == []
