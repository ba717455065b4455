from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core.crypto.fields import EncryptedTextField


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
    # Personal data, SM4-GCM at rest (issue 15, README "密评与防篡改").
    phone = EncryptedTextField(
        _("联系电话"), max_length=32, blank=True, purpose="cms.userprofile.phone"
    )

    class Meta:
        verbose_name = _("账号资料")
        verbose_name_plural = _("账号资料")

    def __str__(self):
        return f"{self.user} ({self.unit})"
