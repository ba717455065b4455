from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    SECTION = "section", _("组织部科室")
    TOWN = "town", _("镇委")
    STREET = "street", _("街道工委")
    DIRECT_ORGAN = "direct_organ", _("区直属机关")
    PEOPLES_ORGANISATION = "peoples_org", _("人民团体")
    ENTERPRISE_BRANCH = "enterprise_branch", _("企事业单位党(总)支部")


class Unit(models.Model):
    """A unit (单位) of the district: every account belongs to exactly one (R-01)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=32, choices=UnitKind.choices)
    is_organisation_group = models.BooleanField(
        _("组织组"),
        default=False,
        help_text=_("组织组牵头负责网站的信息收集、发布和日常管理（第三条）。"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_organisation_group"],
                condition=models.Q(is_organisation_group=True),
                name="cms_unit_single_organisation_group",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_department(self) -> bool:
        return self.kind == UnitKind.SECTION


class UserProfile(models.Model):
    """The unit an account belongs to, kept beside Django's user model."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="xiuying_profile",
        verbose_name=_("账号"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="members", verbose_name=_("所属单位")
    )
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("账号资料")
        verbose_name_plural = _("账号资料")

    def __str__(self):
        return f"{self.user} ({self.unit})"


SECURITY_EVENT_RETAINED = "安全事件记录须保存至少{days}天，不能删除（《网络安全法》第二十一条）。"


class SecurityEventRetained(Exception):
    pass


class SecurityEventQuerySet(models.QuerySet):
    def delete(self):
        from cms.security.events import check_deletable

        check_deletable(self)
        return super().delete()

    def update(self, **kwargs):
        raise SecurityEventRetained("Security events are append-only.")


class SecurityEvent(models.Model):
    """One security-relevant event (R-13..R-18): sign-ins, lockouts, password and session
    changes, password reset requests, two-factor changes, viruses found, scanner outages,
    takedowns, every change of roles and permissions and every reset of another account's
    password or second factor (with the attempts refused)."""

    class Kind(models.TextChoices):
        LOGIN_SUCCESS = "login_success", _("登录成功")
        LOGIN_FAILURE = "login_failure", _("登录失败")
        LOCKOUT = "lockout", _("账号锁定")
        UNLOCK = "unlock", _("解除锁定")
        LOGOUT = "logout", _("退出登录")
        SESSION_ENDED = "session_ended", _("会话被终止")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        PASSWORD_EXPIRED = "password_expired", _("密码过期")
        TOTP_ENROLLED = "totp_enrolled", _("启用双因素认证")
        TOTP_RESET = "totp_reset", _("重置双因素认证")
        TOTP_FAILURE = "totp_failure", _("动态口令错误")
        VIRUS_FOUND = "virus_found", _("发现病毒")
        SCANNER_DOWN = "scanner_down", _("病毒扫描不可用")
        UPLOAD_REJECTED = "upload_rejected", _("上传被拒绝")
        TAKEDOWN = "takedown", _("信息下线")
        ATTACK = "attack", _("疑似攻击")
        ROLE_CHANGED = "role_changed", _("角色变更")
        PERMISSION_CHANGED = "permission_changed", _("权限变更")
        ACCOUNT_FLAGS_CHANGED = "account_flags_changed", _("超级管理员或职员身份变更")
        PRIVILEGE_REFUSED = "privilege_refused", _("越权变更被拒绝")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("申请重置密码")
        PASSWORD_SET = "password_set", _("设置或清除他人密码")

    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, db_index=True)
    # No cascade and no SET NULL: events are never updated, so deleting an account
    # leaves its events as they were, with the id and the username they recorded.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="security_events",
        verbose_name=_("账号"),
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    user_agent = models.CharField(_("设备"), max_length=300, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise SecurityEventRetained("Security events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from cms.security.events import check_deletable

        check_deletable(SecurityEvent.objects.filter(pk=self.pk))
        return super().delete(*args, **kwargs)


import cms.screening_models  # noqa: E402, F401
from cms.ops.models_worker import WorkerHeartbeat  # noqa: E402, F401
from cms.security.models_passwords import PasswordRecord  # noqa: E402, F401
from cms.security.models_sessions import AccountSession, AccountTokenVersion  # noqa: E402, F401
