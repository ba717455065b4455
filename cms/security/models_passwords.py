"""When each account last chose its password, whether it must choose a new one, and the hashes
of its recent passwords (R-16). The rules are in ``cms.security.passwords``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        verbose_name = _("密码记录")
        verbose_name_plural = _("密码记录")

    def __str__(self):
        return str(self.user)


# The cms app has no ready() of its own for this part; the models load with the app registry,
# so importing the sign-in receivers here connects them before any sign-in can happen.
from cms.security import lockout  # noqa: E402, F401
