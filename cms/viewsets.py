from django.utils.translation import gettext_lazy as _
from wagtail.users.views.users import UserViewSet
from wagtail_modeladmin.options import ModelAdmin

from cms.forms import XiuyingUserCreationForm, XiuyingUserEditForm
from cms.models import Unit


class XiuyingUserViewSet(UserViewSet):
    create_template_name = "xiuying_users/create.html"
    edit_template_name = "xiuying_users/edit.html"

    def get_form_class(self, for_update=False):
        return XiuyingUserEditForm if for_update else XiuyingUserCreationForm


class UnitAdmin(ModelAdmin):
    """The register of units (单位): a plain model, so wagtail-modeladmin as the design names."""

    model = Unit
    menu_label = _("单位")
    menu_icon = "group"
    menu_order = 250
    add_to_settings_menu = True
    list_display = ("name", "kind", "is_organisation_group", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
