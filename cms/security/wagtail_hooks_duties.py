"""Registers the separation of duties (R-08, R-13, R-14): the backstop receivers on every write of
roles and permissions, and the user listing's "Assign role" bulk action through the service."""

from wagtail import hooks

from cms.security import privilege_signals
from cms.security.role_bulk_action import DutyCheckedAssignRoleBulkAction

privilege_signals.connect()

# Registered after Wagtail's own (order 1): the registry keeps the last action of a type.
hooks.register("register_bulk_action", DutyCheckedAssignRoleBulkAction, order=1)
