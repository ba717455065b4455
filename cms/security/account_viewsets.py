from wagtail.users.views import groups as group_views
from wagtail.users.views import users as user_views
from wagtail.users.views.groups import GroupViewSet
from wagtail.users.views.users import UserViewSet

from cms.security import privileges
from cms.security.account_forms import (
    XiuyingGroupForm,
    XiuyingUserCreationForm,
    XiuyingUserEditForm,
)


class RequestFormMixin:
    """Gives the form the request: the separation of duties needs who is acting (R-13)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class UserCreateView(RequestFormMixin, user_views.CreateView):
    pass


class UserEditView(RequestFormMixin, user_views.EditView):
    pass


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
