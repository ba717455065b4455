from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from tests.factories.pages import ColumnPageFactory
from tests.liaisons.factories import LiaisonFactory
from tests.workflows.chain import released


def age(article, when):
    Page.objects.filter(pk=article.pk).update(first_published_at=when, last_published_at=when)


@pytest.fixture
def liaisons_of_chain(chain):
    return {
        "town": LiaisonFactory(
            name="符海燕", user=chain.town_liaison, unit=chain.town_liaison.xiuying_profile.unit
        ),
        "dept": LiaisonFactory(
            name="云雅婷", user=chain.dept_liaison, unit=chain.dept_liaison.xiuying_profile.unit
        ),
    }


@pytest.fixture
def column_with_item(chain, section, town):
    """``column_with_item(kind, released_at)``: a new column of ``kind`` with one item of the
    town liaison released through the whole chain and dated ``released_at``."""

    def make(kind="news", when=None, title=None):
        column = ColumnPageFactory(
            parent=chain.column.get_parent(),
            title=title or f"栏目{Page.objects.count()}",
            responsible_department=section,
            contributing_units=[town],
            column_kind=kind,
        )
        article = released(chain, title=f"{column.title}的信息")
        article.move(column, pos="last-child")
        age(article, when or timezone.now())
        return column, article

    return make


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def days(n):
    return timedelta(days=n)
