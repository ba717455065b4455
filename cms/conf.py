"""The project's options, in one dictionary with documented defaults.

A site overrides any key with ``XIUYING = {...}`` in its settings; everything reads them through
``get_setting`` so that another Wagtail site installing these apps changes one place.
"""

from django.conf import settings

DEFAULTS = {
    # Role codes (used in code) -> group names (shown to people, created by setup_roles).
    "ROLE_NAMES": {
        "liaison": "信息联络员",
        "proofreader": "校对员",
        "unit_approver": "单位审核人",
        "dept_leader": "分管部领导",
        "minister": "组织部长",
        "site_admin": "网站管理员",
        "site_specialist": "网站专管员",
    },
    # Days a column may go without an update before it is flagged, by column kind.
    "UPDATE_INTERVAL_DAYS": {
        "news": 14,
        "notices": 180,
        "policy": 180,
        "experience": 90,
        "other": 90,
    },
    # Working hours each approval step may take before it is overdue, keyed by
    # step code ("proofread_1", ...) with "default" for the rest.
    "STEP_BUDGET_HOURS": {"default": 8, "release": 4},
    # The office calendar the budgets count in (local time, Asia/Shanghai): weekdays Monday=0.
    "WORKING_DAYS": [0, 1, 2, 3, 4],
    "WORKING_HOURS": [["08:00", "12:00"], ["14:30", "17:30"]],
    "HOLIDAYS": [],  # ISO dates, e.g. "2026-10-01"
    "EXTRA_WORKING_DAYS": [],  # weekend days worked in lieu (调休), ISO dates
    # Security (R-13..R-17).
    "PASSWORD_MAX_AGE_DAYS": 90,
    "PASSWORD_HISTORY_COUNT": 5,
    "SECURITY_EVENT_RETENTION_DAYS": 180,
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed.
    "TRUSTED_PROXIES": [],
    # Article bodies: the largest number of original-material documents one item may carry.
    "MAX_ORIGINAL_MATERIALS": 20,
}


def get_setting(name: str):
    """Return the project option ``name``: the site's override, else the documented default."""
    overrides = getattr(settings, "XIUYING", {}) or {}
    if name not in DEFAULTS:
        raise KeyError(f"Unknown xiuying-cms setting: {name}")
    value = overrides.get(name, DEFAULTS[name])
    if isinstance(DEFAULTS[name], dict) and isinstance(value, dict):
        return {**DEFAULTS[name], **value}
    return value


def role_name(role: str) -> str:
    """The group name of a role code, e.g. ``role_name("liaison") == "信息联络员"``."""
    return get_setting("ROLE_NAMES")[role]
