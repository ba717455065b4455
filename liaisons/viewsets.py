from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from liaisons.models import Liaison


class LiaisonViewSet(SnippetViewSet):
    model = Liaison
    icon = "user"
    menu_label = _("信息联络员")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "unit", "phone", "active_from", "active_to"]
    list_filter = ["unit"]
    search_fields = ["name"]
