"""No publish path outside the chain (R-08), and takedown with a reason (R-18)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.workflows.chain import draft, released
from workflows.models import ReleaseLogEntry
from workflows.takedown import article_take_down

pytestmark = pytest.mark.django_db


def test_superuser_cannot_publish_directly(chain, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@x.example", "pw")
    article = draft(chain, chain.town_liaison)
    assert not article.permissions_for_user(root).can_publish()
    with pytest.raises(PermissionDenied):
        article.get_latest_revision().publish(user=root)


def test_editor_publish_button_is_absent_and_posting_it_does_not_publish(client, chain):
    article = draft(chain, chain.town_liaison)
    client.force_login(chain.site_admin)
    url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    assert 'name="action-publish"' not in client.get(url).content.decode()
    client.post(
        url,
        {
            "title": article.title,
            "slug": article.slug,
            "action-publish": "1",
            "body-count": "0",
            "item_kind": "work_focus",
            "original_materials-TOTAL_FORMS": "0",
            "original_materials-INITIAL_FORMS": "0",
        },
    )
    article.refresh_from_db()
    assert not article.live


def test_bulk_publish_refuses_items(client, chain):
    article = draft(chain, chain.town_liaison)
    client.force_login(chain.site_admin)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    client.post(f"{url}?id={article.pk}", {"include_descendants": ""})
    article.refresh_from_db()
    assert not article.live


def test_edit_after_release_is_not_live_until_approved_again(chain):
    from columns.services import article_update

    article = released(chain)
    live_revision = article.live_revision_id
    article_update(user=chain.town_liaison, article=article, title="发布后修改")
    article.refresh_from_db()
    assert article.live_revision_id == live_revision
    assert article.title != "发布后修改"
    with pytest.raises(PermissionDenied):
        article.get_latest_revision().publish(skip_permission_checks=True)


def test_specialist_takes_down_with_a_reason(chain, specialist):
    article = released(chain)
    with pytest.raises(ValidationError):
        article_take_down(user=specialist, article=article, reason="  ")
    article_take_down(user=specialist, article=article, reason="发现不宜公开的统计数据")
    article.refresh_from_db()
    assert not article.live
    entry = ReleaseLogEntry.objects.get(kind="takedown")
    assert (entry.actor, entry.reason) == (specialist, "发现不宜公开的统计数据")


@pytest.mark.parametrize("who", ["town_liaison", "proofreader1", "minister"])
def test_other_roles_cannot_take_down(chain, who):
    article = released(chain)
    with pytest.raises(PermissionDenied):
        article_take_down(user=getattr(chain, who), article=article, reason="试图下线")
    article.refresh_from_db()
    assert article.live
