from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from cms.core import branding
from cms.core.viewsets import UnitAdmin

modeladmin_register(UnitAdmin)

hooks.register("construct_help_menu", branding.help_menu_construct)
