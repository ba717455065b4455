"""The admin as 秀英党建网, not as Wagtail (issue 17, R-23): Wagtail's help menu links to its
English editor guide and release notes, which the site's editors cannot use."""

WAGTAIL_HELP_ITEMS = frozenset({"editor-guide"})


def help_menu_construct(request, menu_items):
    """``construct_help_menu``: drop Wagtail's English guide and "what's new" links."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in WAGTAIL_HELP_ITEMS and not item.name.startswith("whats-new")
    ]
