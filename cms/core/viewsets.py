"""Admin screens of the base: the register of units, and the inspect view every register uses."""

from django.contrib.admin import display
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail_modeladmin.options import ModelAdmin

from cms.core.models import Unit

EMPTY_VALUE = "-"


class InspectView(generic.InspectView):
    """Wagtail's inspect view, showing an empty field as "-" (Wagtail's own mark for an empty
    list) rather than as Python's None."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return EMPTY_VALUE if value is None else value


class UnitAdmin(ModelAdmin):
    """The register of units (单位): a plain model, so wagtail-modeladmin as the design names."""

    model = Unit
    menu_label = _("单位")
    menu_icon = "group"
    menu_order = 250
    add_to_settings_menu = True
    list_display = ("name", "kind", "organisation_group", "active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)

    # Django's own rendering of a boolean is an icon whose alt text is True or False.
    @display(
        description=Unit._meta.get_field("is_organisation_group").verbose_name,
        ordering="is_organisation_group",
    )
    def organisation_group(self, obj):
        return yes_no(obj.is_organisation_group)

    @display(description=Unit._meta.get_field("is_active").verbose_name, ordering="is_active")
    def active(self, obj):
        return yes_no(obj.is_active)


def yes_no(value: bool) -> str:
    return _("是") if value else _("否")
