"""The editor's form counts the body as changed only when its content changed (issue 17)."""

from columns.blocks import ArticleBodyBlock
from columns.content_changes import richtext_normal, stream_changed

BODY = ArticleBodyBlock()


def stream(*paragraphs):
    return BODY.to_python([{"type": "paragraph", "value": html} for html in paragraphs])


def test_block_keys_written_by_the_editor_are_no_change():
    seeded = stream("<p>为推动规范发展党员工作落地见效。</p>", "<p>一、总体要求。</p>")
    from_editor = stream(
        '<p data-block-key="4yceb">为推动规范发展党员工作落地见效。</p>',
        '<p data-block-key="a81kd">一、总体要求。</p>',
    )
    assert not stream_changed(BODY, seeded, from_editor)


def test_the_editors_own_markup_for_the_same_text_is_no_change():
    assert richtext_normal("<p><strong>重点</strong>工作</p>") == richtext_normal(
        '<p data-block-key="x1"><b>重点</b>工作</p>'
    )


def test_a_changed_word_is_a_change():
    assert stream_changed(BODY, stream("<p>一、总体要求。</p>"), stream("<p>一、总体目标。</p>"))


def test_an_added_or_removed_paragraph_is_a_change():
    one = stream("<p>一、总体要求。</p>")
    two = stream("<p>一、总体要求。</p>", "<p>二、主要任务。</p>")
    assert stream_changed(BODY, one, two)
    assert stream_changed(BODY, two, one)


def test_reordered_paragraphs_are_a_change():
    assert stream_changed(BODY, stream("<p>甲</p>", "<p>乙</p>"), stream("<p>乙</p>", "<p>甲</p>"))
