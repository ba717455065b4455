from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

import cms.screening_hooks  # noqa: F401
import cms.security.wagtail_hooks_2fa  # noqa: F401
import cms.security.wagtail_hooks_audit  # noqa: F401
import cms.security.wagtail_hooks_auth  # noqa: F401
import cms.security.wagtail_hooks_duties  # noqa: F401
from cms import branding
from cms.viewsets import UnitAdmin

modeladmin_register(UnitAdmin)

hooks.register("construct_help_menu", branding.help_menu_construct)
