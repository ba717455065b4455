"""Names as they are written (issue 11): 冯志明, family name first and no space, in the project's
mails, queue and approval form, and in Wagtail's own screens; Latin names keep "Given Family"."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.admin.utils import get_user_display_name

from cms.core.names import display_name, full_name


@pytest.mark.parametrize(
    ("given", "family", "written"),
    [
        ("志明", "冯", "冯志明"),
        (" 志明 ", " 冯", "冯志明"),
        ("建国", "欧阳", "欧阳建国"),
        ("古丽·买买提", "阿依", "阿依古丽·买买提"),
        ("Ada", "Lovelace", "Ada Lovelace"),
        ("Ada", "", "Ada"),
        ("", "冯", "冯"),
        ("", "", ""),
    ],
)
def test_full_name_is_written_the_way_the_name_is_written(given, family, written):
    assert full_name(given=given, family=family) == written


def test_an_account_without_a_name_shows_its_username():
    user = get_user_model()(username="town_liaison")
    assert display_name(user) == "town_liaison"
    assert display_name(None) == ""


def test_the_project_and_wagtail_show_the_same_chinese_name():
    user = get_user_model()(username="feng", first_name="志明", last_name="冯")
    assert user.get_full_name() == "冯志明"
    assert display_name(user) == get_user_display_name(user) == "冯志明"
