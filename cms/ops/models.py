"""The last sign of life of each background worker (``manage.py db_worker``), kept in the
database rather than the cache: it must be seen by every web process and survive a cache that
is per process (locmem) or restarted. Written by ``cms.ops.worker``, read by ``/readyz``,
``manage.py worker_health`` and ``manage.py security_report``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(_("进程标识"), max_length=64, unique=True)
    hostname = models.CharField(_("主机名"), max_length=255)
    pid = models.PositiveIntegerField(_("进程号"))
    started_at = models.DateTimeField(_("启动时间"))
    beat_at = models.DateTimeField(_("最近心跳"), db_index=True)

    class Meta:
        db_table = "cms_workerheartbeat"
        verbose_name = _("后台任务进程心跳")
        verbose_name_plural = _("后台任务进程心跳")

    def __str__(self):
        return f"{self.hostname}:{self.pid} ({self.worker_id})"
