"""The page listing's bulk actions, offered only to accounts that may take them (issue 17)."""

from django import template
from wagtail.admin.templatetags.wagtailadmin_tags import bulk_action_choices

from columns.offers import bulk_action_offered

register = template.Library()


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def offered_bulk_action_choices(context, app_label, model_name):
    """Wagtail's ``bulk_action_choices`` without the actions the account may not take."""
    choices = bulk_action_choices(context, app_label, model_name)
    user = context["request"].user

    def offered(button):
        action_type = button.url.rstrip("/").rsplit("/", 1)[-1]
        return bulk_action_offered(user, app_label, model_name, action_type)

    buttons = []
    for button in choices["buttons"]:
        if hasattr(button, "dropdown_buttons"):
            button.dropdown_buttons = [b for b in button.dropdown_buttons if offered(b)]
            if button.dropdown_buttons:
                buttons.append(button)
        elif offered(button):
            buttons.append(button)
    return {**choices, "buttons": buttons}
