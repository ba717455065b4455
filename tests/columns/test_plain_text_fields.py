"""An item's title and summary are plain text (issue 18): tags typed or pasted into them are
dropped when the item is saved, by the admin, the services or a script, and the API hands them
to clients as text."""

import pytest
from django.core.exceptions import ValidationError

from columns.models import TITLE_ONLY_TAGS
from columns.services import article_create, article_update

pytestmark = pytest.mark.django_db


def test_a_created_item_keeps_its_text_without_tags(chain):
    article = article_create(
        user=chain.town_liaison,
        column=chain.column,
        title='<img src=x onerror="alert(1)">主题党日',
        summary="<script>x()</script><b>摘要</b>",
    )
    article.refresh_from_db()
    assert (article.title, article.draft_title, article.summary) == (
        "主题党日",
        "主题党日",
        "x()摘要",
    )


def test_a_draft_revision_keeps_its_text_without_tags(chain):
    article = article_create(user=chain.town_liaison, column=chain.column, title="草稿")
    revision = article_update(user=chain.town_liaison, article=article, title="<i>改过</i>的标题")
    assert revision.as_object().title == "改过的标题"


def test_a_title_of_tags_alone_is_refused(chain):
    with pytest.raises(ValidationError) as refused:
        article_create(user=chain.town_liaison, column=chain.column, title="<b></b>")
    assert refused.value.message_dict["title"] == [TITLE_ONLY_TAGS]
