"""Security records: events (R-13..R-18), the one live session of each account (R-17),
password records (R-16) and incident records for reporting (R-18)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.core.append_only import AppendOnlyModel
from cms.core.conf import get_setting
from cms.security.totp_keys import stored_key, totp_key_open

SECURITY_EVENT_RETAINED = "安全事件记录须保存至少{days}天，不能删除（《网络安全法》第二十一条）。"


class SecurityEventRetained(Exception):
    pass


def retention_cutoff():
    return timezone.now() - timedelta(days=get_setting("SECURITY_EVENT_RETENTION_DAYS"))


class SecurityEvent(AppendOnlyModel):
    """One security-relevant event (R-13..R-18): sign-ins, lockouts, password and session
    changes, password reset requests, two-factor changes, viruses found, scanner outages,
    takedowns, every change of roles and permissions and every reset of another account's
    password or second factor (with the attempts refused).

    Sealed and chained like the release log (issue 15, ``cms.security.seals``): ``seal`` is
    HMAC-SM3 with a key kept outside the database over the event and ``previous_seal``. Events
    recorded before the chain began have no sequence and no seal."""

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
        SEAL_SWITCH = "seal_switch", _("封印切换")

    # Set before the seal is computed, hence a default rather than auto_now_add.
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
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
    sequence = models.PositiveBigIntegerField(_("序号"), null=True, blank=True, unique=True)
    previous_seal = models.CharField(_("上一条封印"), max_length=64, blank=True)
    seal = models.CharField(_("本条封印"), max_length=64, blank=True)
    seal_algorithm = models.CharField(_("封印算法"), max_length=16, blank=True)
    seal_key_version = models.PositiveIntegerField(_("封印密钥版本"), null=True, blank=True)

    class Meta:
        db_table = "cms_securityevent"
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"

    @classmethod
    def append_only_refusal(cls) -> Exception:
        return SecurityEventRetained("Security events are append-only.")

    @classmethod
    def check_deletable(cls, queryset) -> None:
        """Only events older than the retention period may be deleted (R-14)."""
        days = get_setting("SECURITY_EVENT_RETENTION_DAYS")
        if queryset.filter(occurred_at__gt=retention_cutoff()).exists():
            raise SecurityEventRetained(SECURITY_EVENT_RETAINED.format(days=days))


class AccountSession(models.Model):
    """The token of the account's current session and where it was opened.

    Keyed on a token of our own rather than the session key: Django rotates the key on sign-in
    and on a password change, and the token must survive the latter.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="xiuying_session",
        verbose_name=_("账号"),
    )
    token = models.CharField(_("会话令牌"), max_length=64)
    started_at = models.DateTimeField(_("登录时间"))
    ip_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    user_agent = models.CharField(_("设备"), max_length=300, blank=True)

    class Meta:
        db_table = "cms_accountsession"
        verbose_name = _("当前会话")
        verbose_name_plural = _("当前会话")

    def __str__(self):
        return f"{self.user} @ {self.ip_address or '-'}"


class AccountTokenVersion(models.Model):
    """Moves on whenever the account is deactivated: what it signed before (preview tokens)
    carries the old number and dies with the deactivation, whatever happens to it after."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="xiuying_token_version",
        verbose_name=_("账号"),
    )
    version = models.PositiveIntegerField(_("令牌版本"), default=0)

    class Meta:
        db_table = "cms_accounttokenversion"
        verbose_name = _("账号令牌版本")
        verbose_name_plural = _("账号令牌版本")

    def __str__(self):
        return f"{self.user} v{self.version}"


# When each account last chose its password, whether it must choose a new one, and the hashes
# of its recent passwords. The rules are in ``cms.security.passwords``.
class PasswordRecord(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="xiuying_password",
        verbose_name=_("账号"),
    )
    changed_at = models.DateTimeField(_("密码设置时间"))
    must_change = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("新建或被他人重置密码的账号，首次登录时必须修改密码。"),
    )
    # Django password hashes (the same encoding as User.password), newest first.
    history = models.JSONField(_("近期密码摘要"), default=list, blank=True)

    class Meta:
        db_table = "cms_passwordrecord"
        verbose_name = _("密码记录")
        verbose_name_plural = _("密码记录")

    def __str__(self):
        return str(self.user)


class Incident(models.Model):
    """An incident record for reporting to the authorities (R-18): what, when, who, actions."""

    class Kind(models.TextChoices):
        HARMFUL_CONTENT = "harmful_content", _("有害信息")
        ATTACK = "attack", _("网络攻击")
        OTHER = "other", _("其他")

    kind = models.CharField(_("事件类型"), max_length=32, choices=Kind.choices)
    summary = models.TextField(_("事件经过"))
    occurred_at = models.DateTimeField(_("发现时间"))
    opened_at = models.DateTimeField(_("记录时间"), auto_now_add=True, db_index=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("处置人账号"),
    )
    opened_by_name = models.CharField(_("处置人"), max_length=150)
    article_page_id = models.PositiveBigIntegerField(_("页面编号"), null=True, blank=True)
    article_title = models.CharField(_("涉及信息"), max_length=255, blank=True)
    article_url = models.CharField(_("信息地址"), max_length=500, blank=True)
    actions_taken = models.TextField(_("处置措施"))
    takedown_reason = models.TextField(_("下线原因"), blank=True)
    release_log_sequence = models.PositiveBigIntegerField(_("发布日志序号"), null=True, blank=True)

    class Meta:
        db_table = "cms_incident"
        verbose_name = _("事件记录")
        verbose_name_plural = _("事件记录")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.article_title or self.summary[:30]}"


class SealedTOTPDevice(TOTPDevice):
    """django-otp's TOTP device with its secret encrypted at rest (cms/security/totp_keys.py)."""

    class Meta:
        proxy = True
        verbose_name = _("动态口令验证器")
        verbose_name_plural = _("动态口令验证器")

    @property
    def bin_key(self) -> bytes:
        return totp_key_open(self.key)

    def save(self, *args, **kwargs):
        self.key = stored_key(self.key)
        super().save(*args, **kwargs)
