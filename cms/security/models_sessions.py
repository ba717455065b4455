"""The one live session of each account (R-17)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        verbose_name = _("账号令牌版本")
        verbose_name_plural = _("账号令牌版本")

    def __str__(self):
        return f"{self.user} v{self.version}"


# The cms app has no ready() of its own for this part; the models load with the app registry,
# so importing the receivers here connects them before any sign-in can happen.
from cms.security import sessions, tokens  # noqa: E402, F401
