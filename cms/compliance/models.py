"""The compliance watch's records (issue 14): availability probes, external link results,
broken links on live items, and daily visit counters. Fields only; the rules are in the
service modules beside this one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Probe(models.Model):
    """One availability probe of a public address (站点可用性探测)."""

    url = models.CharField(_("地址"), max_length=500)
    probed_at = models.DateTimeField(_("探测时间"), db_index=True)
    status = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    seconds = models.FloatField(_("响应秒数"), null=True, blank=True)
    ok = models.BooleanField(_("成功"))
    error = models.CharField(_("错误"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("可用性探测")
        verbose_name_plural = _("可用性探测")
        ordering = ["-probed_at", "-pk"]

    def __str__(self):
        return f"{self.url} {self.probed_at:%Y-%m-%d %H:%M}"


class ExternalLink(models.Model):
    """The cached result of checking one outside address, shared by every item linking to it."""

    url = models.TextField(_("地址"))
    url_sha256 = models.CharField(max_length=64, unique=True)
    host = models.CharField(_("主机"), max_length=255, db_index=True)
    status = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    final_url = models.TextField(_("跳转目标"), blank=True)
    redirects = models.PositiveSmallIntegerField(_("跳转次数"), default=0)
    error = models.CharField(_("错误"), max_length=255, blank=True)
    broken = models.BooleanField(_("失效"), default=False, db_index=True)
    robots_disallowed = models.BooleanField(_("robots.txt 禁止检查"), default=False)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True, db_index=True)
    first_broken_at = models.DateTimeField(_("首次发现失效"), null=True, blank=True)

    class Meta:
        verbose_name = _("外部链接")
        verbose_name_plural = _("外部链接")

    def __str__(self):
        return self.url


class LinkFinding(models.Model):
    """A broken link on a live item: to a page or document that is gone, unpublished or moved,
    or to an outside address that fails."""

    class Kind(models.TextChoices):
        PAGE = "page", _("站内页面")
        DOCUMENT = "document", _("站内文档")
        PATH = "path", _("站内地址")
        EXTERNAL = "external", _("外部链接")

    article_page_id = models.PositiveBigIntegerField(_("页面编号"), db_index=True)
    article_title = models.CharField(_("信息"), max_length=255)
    url = models.TextField(_("链接"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    problem = models.CharField(_("问题"), max_length=255)
    found_at = models.DateTimeField(_("发现时间"))

    class Meta:
        verbose_name = _("失效链接")
        verbose_name_plural = _("失效链接")
        ordering = ["-found_at", "-pk"]

    def __str__(self):
        return f"{self.article_title}：{self.url}"


class DailyVisits(models.Model):
    """Page views of one public page (or article reads through the API) on one day: a counter,
    never a visitor; no cookie and no address is ever stored."""

    class Channel(models.TextChoices):
        WEB = "web", _("网站")
        API = "api", _("小程序")

    day = models.DateField(_("日期"))
    page_id = models.PositiveBigIntegerField(_("页面编号"))
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    count = models.PositiveBigIntegerField(_("访问量"), default=0)

    class Meta:
        verbose_name = _("访问量")
        verbose_name_plural = _("访问量")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "page_id", "channel"], name="cms_compliance_visits_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.page_id} {self.channel}: {self.count}"


class CheckupRecord(models.Model):
    """The state of one rule of the check-up on one day, kept for the annual report; written by
    ``manage.py compliance_report`` (the last run of a day stands)."""

    day = models.DateField(_("日期"))
    code = models.CharField(_("规则代码"), max_length=32)
    title = models.CharField(_("规则"), max_length=64)
    veto = models.BooleanField(_("单项否决"))
    state = models.CharField(_("状态"), max_length=16)
    evidence_count = models.PositiveIntegerField(_("问题数"))
    summary = models.TextField(_("说明"))

    class Meta:
        verbose_name = _("合规体检记录")
        verbose_name_plural = _("合规体检记录")
        constraints = [
            models.UniqueConstraint(fields=["day", "code"], name="cms_compliance_record_once_a_day")
        ]

    def __str__(self):
        return f"{self.day} {self.title}: {self.state}"
