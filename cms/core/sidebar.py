"""The admin sidebar names its account as the name is written (林晓燕, issue 17). Wagtail's own
adapter for the sidebar's main menu shows ``first_name`` alone, which for a Chinese account is
the given name; Wagtail's adapter registry lets a project adapt the same class its own way."""

from wagtail.admin.telepath import register
from wagtail.admin.ui.sidebar import BaseSidebarAdapter, MainMenuModule

from cms.core.names import display_name


class MainMenuWithFullNameAdapter(BaseSidebarAdapter):
    js_constructor = "wagtail.sidebar.MainMenuModule"

    def js_args(self, module):
        menu_items, account_menu_items, account = module.js_args()
        return [menu_items, account_menu_items, {**account, "name": display_name(module.user)}]


def sidebar_names_register():
    register(MainMenuWithFullNameAdapter(), MainMenuModule)
