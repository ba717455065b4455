"""Authentic dates: no path backdates an item (伪造发稿日期)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page

from cms.compliance.dates import BACKDATING_REFUSED, first_published_kept
from columns.models import ArticlePage
from columns.services import article_update
from tests.workflows.chain import act, draft, released, submit
from workflows.models import ReleaseLogEntry

TOLERANCE = timedelta(minutes=5)


def test_the_rule_keeps_the_first_release_date():
    now = timezone.now()
    stored = now - timedelta(days=10)
    keep = lambda new, stored: first_published_kept(  # noqa: E731
        new=new, stored=stored, now=now, tolerance=TOLERANCE
    )
    assert keep(now, None) == now  # the first release sets it
    assert keep(None, None) is None
    assert keep(stored, stored) == stored
    assert keep(now, stored) == stored  # an older revision's copy gives way
    assert keep(None, stored) == stored
    for new, old in ((stored - timedelta(days=1), stored), (now - timedelta(hours=1), None)):
        with pytest.raises(ValidationError) as refused:
            keep(new, old)
        assert refused.value.messages == [BACKDATING_REFUSED]


pytestmark = pytest.mark.django_db(transaction=False)


def first_published(article):
    return Page.objects.get(pk=article.pk).first_published_at


def logged(article):
    entry = ReleaseLogEntry.objects.filter(article_page_id=article.pk, kind="release").first()
    return entry.recorded_at


def test_saving_an_earlier_date_is_refused(chain):
    article = ArticlePage.objects.get(pk=released(chain).pk)
    before = first_published(article)
    article.first_published_at = before - timedelta(days=30)
    with pytest.raises(ValidationError):
        article.save()
    assert first_published(article) == before
    assert abs(before - logged(article)) < TOLERANCE


def test_a_draft_carrying_an_earlier_date_is_refused(chain):
    article = released(chain)
    with pytest.raises(ValidationError) as refused:
        article_update(
            user=chain.town_liaison,
            article=article,
            first_published_at=timezone.now() - timedelta(days=30),
        )
    assert refused.value.messages == [BACKDATING_REFUSED]


def test_an_unreleased_item_cannot_be_given_a_past_date(chain):
    with pytest.raises(ValidationError):
        draft(chain, chain.town_liaison, first_published_at=timezone.now() - timedelta(days=3))


def test_a_past_go_live_date_does_not_backdate_the_release(chain):
    article = draft(chain, chain.town_liaison, go_live_at=timezone.now() - timedelta(days=30))
    submit(article, chain.town_liaison)
    for user in ("town_liaison", "unit_approver", "proofreader1", "proofreader2", "site_admin"):
        act(article, getattr(chain, user))
    assert article.live
    assert abs(first_published(article) - logged(article)) < TOLERANCE


def test_republishing_keeps_the_first_release_date(chain):
    article = released(chain)
    first = first_published(article)
    article_update(user=chain.town_liaison, article=article, summary="修改后的摘要")
    submit(article, chain.town_liaison)
    for user in ("town_liaison", "unit_approver", "proofreader1", "proofreader2", "site_admin"):
        act(article, getattr(chain, user))
    assert first_published(article) == first


def test_the_public_page_shows_the_logged_time_even_after_a_bulk_update(chain, client):
    article = released(chain)
    Page.objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(days=400)
    )
    html = client.get(article.url).content.decode()
    shown = timezone.localtime(logged(article))
    assert f'<time datetime="{shown.isoformat()}' in html or shown.strftime("%Y年") in html
    assert (timezone.now() - timedelta(days=400)).strftime("%Y年%-m月%-d日") not in html
