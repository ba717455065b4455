"""System checks for upload scanning, rate limits and mail delivery (R-13, R-15).

Django runs them on every start of ``runserver`` and most management commands, which is where a
developer who turned scanning off is reminded; ``check --deploy`` adds the deployment ones.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.files.storage import storages
from django.utils.module_loading import import_string

from cms.core.conf import get_setting
from cms.security.storage import ScanningFileSystemStorage

SCANNING_OFF = "上传文件病毒扫描已关闭（UPLOAD_SCANNING=0），仅可用于开发环境。"
SCANNING_OFF_HINT = "Start clamd with `bash .ci/clamav.sh` and unset UPLOAD_SCANNING."
STORAGE_UNCHECKED = "默认文件存储未经过上传检查，上传文件可能未经病毒扫描即被保存。"
STORAGE_HINT = 'STORAGES["default"] must be cms.security.storage.ScanningFileSystemStorage.'
CACHE_NOT_SHARED = "限流和告警去重使用的缓存不是多进程共享的缓存。"
CACHE_HINT = "Set REDIS_URL so that every worker counts the same requests."
LOCAL_MAIL = "邮件后端 {backend} 不投递邮件：密码重置链接会写入服务器日志或丢失。"
LOCAL_MAIL_HINT = (
    "Configure SMTP (EMAIL_BACKEND, EMAIL_HOST...). Production starts with this backend only "
    "because ALLOW_LOCAL_EMAIL_BACKEND is set (now: {allowed}); unset it once mail is configured."
)
_UNSHARED_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security)
def upload_scanning_check(app_configs, **kwargs):
    if get_setting("UPLOAD_SCANNING"):
        return []
    return [Warning(SCANNING_OFF, hint=SCANNING_OFF_HINT, id="xiuying.W001")]


@register(Tags.security)
def upload_storage_check(app_configs, **kwargs):
    backend = import_string(storages.backends["default"]["BACKEND"])
    if issubclass(backend, ScanningFileSystemStorage):
        return []
    return [Error(STORAGE_UNCHECKED, hint=STORAGE_HINT, id="xiuying.E001")]


@register(Tags.security, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    if settings.CACHES["default"]["BACKEND"] not in _UNSHARED_CACHES:
        return []
    return [Warning(CACHE_NOT_SHARED, hint=CACHE_HINT, id="xiuying.W002")]


@register(Tags.security, deploy=True)
def local_mail_backend_check(app_configs, **kwargs):
    backend = settings.EMAIL_BACKEND
    if backend not in getattr(settings, "LOCAL_EMAIL_BACKENDS", ()):
        return []
    allowed = "on" if getattr(settings, "ALLOW_LOCAL_EMAIL_BACKEND", False) else "off"
    hint = LOCAL_MAIL_HINT.format(allowed=allowed)
    return [Warning(LOCAL_MAIL.format(backend=backend), hint=hint, id="xiuying.W003")]
