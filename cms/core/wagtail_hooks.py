from wagtail_modeladmin.options import modeladmin_register

from cms.core.viewsets import UnitAdmin

modeladmin_register(UnitAdmin)
