from django.utils.translation import gettext_lazy as _
from wagtail import hooks

import workflows.hooks_records  # noqa: F401
from workflows import hooks_queue  # noqa: F401


@hooks.register("register_log_actions")
def register_chain_log_actions(actions):
    actions.register_action("xiuying.workflow.skip", _("跳过审批环节"), _("跳过审批环节"))
