"""Internal links (R-18): to a page taken down, deleted or moved, or a document deleted, found at
once on the live items linking to it; warnings to whoever takes the target down and in the
editor of the item; the check-up names the item's liaison and drafter."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.rich_text import RichText

from cms.compliance.checkup import compliance_checkup
from cms.compliance.linkscan import live_referrers
from cms.compliance.models import LinkFinding
from tests.cms.compliance.conftest import days
from tests.factories.pages import ColumnPageFactory
from tests.workflows.chain import released
from workflows.takedown import article_take_down

pytestmark = pytest.mark.django_db


def linking(chain, html, title="链接其他信息的信息"):
    return released(chain, title=title, body=[("paragraph", RichText(html))])


@pytest.fixture
def target(chain):
    return released(chain, title="被链接的信息")


@pytest.fixture
def referrer(chain, target):
    return linking(chain, f'<p>详见<a linktype="page" id="{target.pk}">这条信息</a>。</p>')


def findings():
    return sorted(LinkFinding.objects.values_list("article_title", "problem"))


def test_referrers_come_from_the_reference_index(target, referrer):
    assert live_referrers(target) == [referrer]
    assert findings() == []


def take_down(target, user, capture):
    with capture(execute=True):
        article_take_down(user=user, article=target, reason="内容过时")


def test_taking_the_target_down_breaks_the_link_at_once(
    chain, target, referrer, specialist, now, django_capture_on_commit_callbacks
):
    take_down(target, specialist, django_capture_on_commit_callbacks)
    assert findings() == [("链接其他信息的信息", "链接的页面已下线")]
    dead = {r.code: r for r in compliance_checkup(now=now + days(1)).results}["dead_links"]
    assert dead.state == "tripped" and not dead.veto
    assert dead.evidence[0].subject == "链接其他信息的信息"
    assert "拟稿人：town_liaison" in dead.evidence[0].responsible
    assert chain.town_liaison.pk in dead.evidence[0].user_ids  # on the drafter's dashboard


def test_publishing_it_again_clears_the_finding(
    chain, target, referrer, specialist, django_capture_on_commit_callbacks
):
    take_down(target, specialist, django_capture_on_commit_callbacks)
    assert len(findings()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        target.get_latest_revision().publish(user=chain.site_admin, skip_permission_checks=True)
    assert findings() == []


def test_deleting_the_target_page(chain, section, django_capture_on_commit_callbacks):
    column = ColumnPageFactory(parent=chain.column.get_parent(), responsible_department=section)
    linking(chain, f'<p><a linktype="page" id="{column.pk}">新栏目</a></p>')
    with django_capture_on_commit_callbacks(execute=True):
        column.delete()
    assert findings() == [("链接其他信息的信息", "链接的页面已删除")]


def test_deleting_a_linked_document(chain, django_capture_on_commit_callbacks):
    document = Document.objects.create(title="通知原文", file=ContentFile(b"text", name="a.txt"))
    linking(chain, f'<p><a linktype="document" id="{document.pk}">下载</a></p>')
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert findings() == [("链接其他信息的信息", "链接的文档已删除")]


def test_a_typed_address_of_a_moved_page(chain, target, section, town):
    linking(chain, f'<p><a href="{target.url}">旧地址</a></p>')
    call_command("check_links", "--internal-only", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert findings() == []
    other = ColumnPageFactory(
        parent=chain.column.get_parent(), title="其他栏目", responsible_department=section
    )
    target.move(other, pos="last-child")
    call_command("check_links", "--internal-only", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert findings() == [("链接其他信息的信息", "页面已迁移，原地址只经跳转可达，请改为新地址")]


def test_whoever_takes_an_item_down_is_warned(client, target, referrer, specialist):
    client.force_login(specialist)
    text = client.get(f"/admin/xiuying/takedown/{target.pk}/").content.decode()
    assert "以下 1 条线上信息链接到《被链接的信息》，下线后这些链接将失效" in text
    assert "《链接其他信息的信息》" in text


def test_whoever_unpublishes_or_deletes_a_column_is_warned(client, chain, section):
    # Wagtail runs its before_* hooks when the action is confirmed: the warning comes with the
    # message that the page was unpublished or deleted.
    column = ColumnPageFactory(parent=chain.column.get_parent(), responsible_department=section)
    linking(chain, f'<p><a linktype="page" id="{column.pk}">新栏目</a></p>')
    client.force_login(chain.site_admin)
    response = client.post(f"/admin/pages/{column.pk}/unpublish/", follow=True)
    text = response.content.decode()
    assert "以下 1 条线上信息链接到《" in text and "下线后这些链接将失效" in text
    response = client.post(f"/admin/pages/{column.pk}/delete/", follow=True)
    assert "删除后这些链接将失效" in response.content.decode()


def test_the_editor_shows_the_item_s_broken_links(
    client, chain, target, referrer, specialist, django_capture_on_commit_callbacks
):
    take_down(target, specialist, django_capture_on_commit_callbacks)
    client.force_login(chain.site_admin)
    text = client.get(f"/admin/pages/{referrer.pk}/edit/").content.decode()
    assert "本信息中有 1 个失效链接" in text and "链接的页面已下线" in text
