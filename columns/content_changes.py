"""Whether the editor's form changed an item's body, as a reader would see it (issue 17).

Wagtail's editor saves a new revision for a workflow action only when the form changed
(``EditView.perform_workflow_action``), and any new revision starts the chain again from the
drafter (``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT``). Draftail writes rich text back in
its own form: ``data-block-key`` on every block, ``<b>`` for ``<strong>`` and so on. A body
written by a script, the API or the demo seeder therefore came back "changed" from an approver
who only pressed 同意, and the run went back to the drafter. Both sides are compared here after
the same round trip through the editor's converter, without the block keys.
"""

import re

from wagtail import blocks

_BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def richtext_normal(html: str, features=None) -> str:
    """``html`` as the editor would save it, without its random block keys."""
    # Imported here: the editor's converters load page models, and forms import this module.
    from wagtail.admin.rich_text import get_rich_text_editor_widget

    converter = getattr(get_rich_text_editor_widget(features=features), "converter", None)
    if converter is not None and html:
        html = converter.to_database_format(converter.from_database_format(html))
    return _BLOCK_KEY.sub("", html or "")


def block_normal(block, value):
    """The prep value ``value`` of ``block`` with every rich text normalised."""
    if isinstance(block, blocks.RichTextBlock):
        return richtext_normal(value, block.features)
    if isinstance(block, blocks.StreamBlock):
        return [_child_normal(block, child) for child in value or []]
    if isinstance(block, blocks.ListBlock):
        return [_list_item_normal(block.child_block, item) for item in value or []]
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_normal(child, (value or {}).get(name))
            for name, child in block.child_blocks.items()
        }
    return value


def _child_normal(stream_block, child):
    child_block = stream_block.child_blocks.get(child.get("type"))
    value = child.get("value")
    normal = block_normal(child_block, value) if child_block is not None else value
    return (child.get("type"), normal)


def _list_item_normal(child_block, item):
    # ListBlock's prep value is a list of {"type": "item", "value": ..., "id": ...}.
    value = item.get("value") if isinstance(item, dict) and "value" in item else item
    return block_normal(child_block, value)


def stream_changed(stream_block, initial, data) -> bool:
    """Whether two values of ``stream_block`` differ in content (ids and block keys aside)."""
    before = block_normal(stream_block, stream_block.get_prep_value(initial))
    after = block_normal(stream_block, stream_block.get_prep_value(data))
    return before != after
