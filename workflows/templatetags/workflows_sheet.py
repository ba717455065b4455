"""Filters for the approval form's screens (issue 17)."""

from django import template

from workflows.exports import shown_reason as _shown_reason

register = template.Library()


@register.filter
def shown_reason(reason: str) -> str:
    """A recorded skip reason without a requirement code."""
    return _shown_reason(reason)
