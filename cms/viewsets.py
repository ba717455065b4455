from django.contrib.admin import display
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.users.views import groups as group_views
from wagtail.users.views import users as user_views
from wagtail.users.views.groups import GroupViewSet
from wagtail.users.views.users import UserViewSet
from wagtail_modeladmin.options import ModelAdmin

from cms.forms import XiuyingGroupForm, XiuyingUserCreationForm, XiuyingUserEditForm
from cms.models import Unit
from cms.security import privileges


class RequestFormMixin:
    """Gives the form the request: the separation of duties needs who is acting (R-13)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class UserCreateView(RequestFormMixin, user_views.CreateView):
    pass


class UserEditView(RequestFormMixin, user_views.EditView):
    pass


EMPTY_VALUE = "-"


class InspectView(generic.InspectView):
    """Wagtail's inspect view, showing an empty field as "-" (Wagtail's own mark for an empty
    list) rather than as Python's None."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return EMPTY_VALUE if value is None else value


class XiuyingUserViewSet(UserViewSet):
    create_template_name = "xiuying_users/create.html"
    edit_template_name = "xiuying_users/edit.html"
    add_view_class = UserCreateView
    edit_view_class = UserEditView

    def get_form_class(self, for_update=False):
        return XiuyingUserEditForm if for_update else XiuyingUserCreationForm


class GroupChangeRecordedMixin(RequestFormMixin):
    """The group form and Wagtail's page and collection permission panels save as one change,
    recorded with before and after (R-14)."""

    def process_form(self):
        with privileges.group_change_recorded(
            actor=self.request.user, group=self.object, request=self.request
        ):
            return super().process_form()


class GroupCreateView(GroupChangeRecordedMixin, group_views.CreateView):
    pass


class GroupEditView(GroupChangeRecordedMixin, group_views.EditView):
    pass


class XiuyingGroupViewSet(GroupViewSet):
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView

    def get_form_class(self, for_update=False):
        return XiuyingGroupForm


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
