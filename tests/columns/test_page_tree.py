"""Parent/child rules of the page tree (issue: foundation)."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from cms.core.models import UnitKind
from columns.models import ArticlePage, ColumnPage
from home.models import HomePage
from tests.factories.pages import ArticlePageFactory, ColumnPageFactory
from tests.factories.units import UnitFactory

pytestmark = pytest.mark.django_db


def test_home_page_sits_under_the_tree_root_only():
    assert HomePage.allowed_parent_page_models() == [Page]
    assert HomePage.allowed_subpage_models() == [ColumnPage]


def test_articles_live_only_in_columns(home, news_column):
    assert not ArticlePage.can_create_at(home)
    assert ArticlePage.can_create_at(news_column)
    assert ArticlePage.allowed_subpage_models() == []


def test_columns_nest_one_level_only(home, news_column, section):
    assert ColumnPage.can_create_at(home)
    assert ColumnPage.can_create_at(news_column)
    sub = ColumnPageFactory(parent=news_column, responsible_department=section)
    assert not ColumnPage.can_create_at(sub)


def test_responsible_department_must_be_a_section(home, town):
    with pytest.raises(ValidationError) as excinfo:
        ColumnPageFactory(parent=home, responsible_department=town)
    assert "责任科室必须是组织部科室" in str(excinfo.value)


def test_update_interval_defaults_by_column_kind(home, section):
    news = ColumnPageFactory(parent=home, responsible_department=section, column_kind="news")
    policy = ColumnPageFactory(parent=home, responsible_department=section, column_kind="policy")
    assert (news.update_interval_days, policy.update_interval_days) == (14, 180)


def test_article_form_is_derived_from_its_body(news_column, town_liaison):
    article = ArticlePageFactory(
        parent=news_column,
        drafter=town_liaison,
        body=[("paragraph", "<p>文字</p>")],
    )
    assert article.content_form == "text"
    assert article.source_unit == town_liaison.xiuying_profile.unit


def test_article_without_drafter_is_refused(news_column):
    with pytest.raises(ValidationError) as excinfo:
        ArticlePageFactory(parent=news_column, source_unit=UnitFactory(kind=UnitKind.TOWN))
    assert "须指定拟稿人" in str(excinfo.value)
