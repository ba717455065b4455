"""A draft's attachments and every original material are served only to those who may read them;
released attachments are public (issue 18, R-02, R-03, R-04, R-13)."""

import json

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from columns.models import ArticleMaterial, DocumentUse
from columns.views import media_serve
from tests.cms.api.conftest import release_through_chain
from tests.cms.api.media import document_create
from tests.workflows.chain import draft, submit
from workflows.document_selectors import documents_visible_to, user_may_read_document
from workflows.takedown import article_take_down

pytestmark = pytest.mark.django_db

MATERIAL = b"original manuscript of the town\n"
ATTACHMENT = b"attachment of the town item\n"


@pytest.fixture
def documents(chain):
    """A town item's original material and body attachment, uploaded by its drafter."""
    uploader = {"uploaded_by_user": chain.town_liaison}
    material = document_create(title="长流镇原始稿", data=MATERIAL, name="raw.txt")
    attachment = document_create(title="长流镇附件", data=ATTACHMENT, name="attachment.txt")
    type(material).objects.filter(pk__in=[material.pk, attachment.pk]).update(**uploader)
    material.refresh_from_db()
    attachment.refresh_from_db()
    return material, attachment


@pytest.fixture
def item(chain, documents):
    material, attachment = documents
    return draft(
        chain,
        chain.town_liaison,
        title="长流镇党建简报",
        body=[("attachment", {"document": attachment, "title": "附件"})],
        original_materials=[ArticleMaterial(document=material)],
    )


def fetch(client, document, user=None):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    return client.get(document.url)


def served(response, data) -> bool:
    return response.status_code == 200 and b"".join(response.streaming_content) == data


def test_documents_are_served_by_the_application_not_the_storage(documents):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    material, _ = documents
    assert material.url == reverse("wagtaildocs_serve", args=[material.pk, material.filename])


def test_anonymous_visitor_is_sent_to_sign_in_for_a_drafts_documents(client, item, documents):
    for document in documents:
        response = fetch(client, document)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_other_units_liaison_is_refused(client, chain, item, documents):
    for document in documents:
        assert fetch(client, document, chain.dept_liaison).status_code == 403


def test_the_drafter_reads_the_drafts_documents_never_cached(client, chain, item, documents):
    material, attachment = documents
    response = fetch(client, material, chain.town_liaison)
    assert served(response, MATERIAL)
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert served(fetch(client, attachment, chain.town_liaison), ATTACHMENT)


def test_approvers_read_once_the_item_is_in_the_chain(client, chain, item, documents):
    material, _ = documents
    assert fetch(client, material, chain.proofreader1).status_code == 403
    submit(item, chain.town_liaison)
    for approver in (chain.unit_approver, chain.proofreader1, chain.site_admin):
        assert served(fetch(client, material, approver), MATERIAL), approver


def test_approvers_whose_step_does_not_apply_are_refused(client, chain, item, documents, make_user):
    from cms.core.models import UnitKind
    from tests.factories.units import UnitFactory

    submit(item, chain.town_liaison)
    other_town = UnitFactory(name="西秀镇", kind=UnitKind.TOWN)
    refused = (
        chain.dept_leader,  # the item is a town's: no department leader's step
        chain.minister,  # not major or sensitive
        make_user("other_approver", "unit_approver", unit=other_town),
    )
    for user in refused:
        assert fetch(client, documents[0], user).status_code == 403, user


def test_released_attachment_is_public_and_original_material_stays_private(
    client, chain, item, documents
):
    material, attachment = documents
    release_through_chain(chain, item)
    response = fetch(client, attachment)
    assert served(response, ATTACHMENT)
    assert "private" not in response.get("Cache-Control", "")
    assert fetch(client, material).status_code == 302
    assert fetch(client, material, chain.dept_liaison).status_code == 403


def test_a_taken_down_items_attachment_is_private_again(client, chain, item, documents, specialist):
    _, attachment = documents
    article = release_through_chain(chain, item)
    article_take_down(user=specialist, article=article, reason="数据有误")
    assert fetch(client, attachment).status_code == 302


def test_an_attachment_dropped_from_the_released_body_is_private(client, chain, item, documents):
    from columns.services import article_update
    from tests.cms.api.conftest import RELEASE_SIGNERS
    from tests.workflows.chain import act

    _, attachment = documents
    article = release_through_chain(chain, item)
    article_update(user=chain.town_liaison, article=article, body=[])
    article = submit(article, chain.town_liaison)
    for signer in RELEASE_SIGNERS:
        act(article, getattr(chain, signer))
    assert fetch(client, attachment).status_code == 302


def admin_json(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    return json.dumps(body, ensure_ascii=False)


@pytest.mark.parametrize(
    "url",
    ["/admin/api/main/documents/", "/admin/documents/chooser/?q=长流镇"],
    ids=["api", "chooser"],
)
def test_listings_show_a_drafts_documents_only_to_their_readers(client, chain, item, url):
    assert "长流镇原始稿" not in admin_json(client, chain.dept_liaison, url)
    assert "长流镇原始稿" in admin_json(client, chain.town_liaison, url)
    assert "长流镇原始稿" in admin_json(client, chain.site_admin, url)


def test_chosen_view_refuses_a_document_the_account_may_not_read(client, chain, item, documents):
    client.force_login(chain.dept_liaison)
    url = reverse("wagtaildocs_chooser:chosen", args=[documents[0].pk])
    assert client.get(url).status_code in (302, 403)


def test_bulk_actions_do_not_name_documents_the_account_may_not_read(
    client, chain, item, documents
):
    client.force_login(chain.dept_liaison)
    response = client.get(f"/admin/bulk/wagtaildocs/document/delete/?id={documents[0].pk}")
    assert "长流镇原始稿" not in response.content.decode()


def test_one_query_selector_agrees_with_the_rule_for_every_account(
    chain, item, documents, specialist
):
    submit(item, chain.town_liaison)
    material = ArticleMaterial(document=document_create(title="科室稿", name="section.txt"))
    section_item = draft(
        chain,
        chain.dept_liaison,
        title="组织科草稿",
        is_major_sensitive=True,
        original_materials=[material],
    )
    submit(section_item, chain.dept_liaison)
    everyone = [*vars(chain).values()][1:] + [specialist]
    readable = {}
    for user in everyone:
        by_rule = {
            d.pk for d in type(documents[0]).objects.all() if user_may_read_document(user, d)
        }
        assert set(documents_visible_to(user).values_list("pk", flat=True)) == by_rule, user
        readable[user.username] = len(by_rule)
    # Each reads its own share: the town's two, the section's one, or all three.
    assert readable == {
        "dept_liaison": 1,
        "town_liaison": 2,
        "proofreader1": 3,
        "proofreader2": 3,
        "unit_approver": 2,
        "dept_leader": 1,
        "minister": 1,
        "site_admin": 3,
        "specialist": 3,
    }


def test_the_migration_backfill_rebuilds_the_index(chain, item, documents):
    import importlib

    from django.apps import apps

    release_through_chain(chain, item)
    expected = set(DocumentUse.objects.values_list("article_id", "document_id", "in_live_body"))
    DocumentUse.objects.all().delete()
    migration = importlib.import_module("columns.migrations.0003_document_use")
    migration.document_uses_backfill(apps, None)
    found = set(DocumentUse.objects.values_list("article_id", "document_id", "in_live_body"))
    assert found == expected and len(found) == 2


@pytest.mark.parametrize("path", ["documents/raw.txt", "images/../documents/raw.txt"])
def test_development_media_urls_never_serve_documents(path, documents):
    from django.http import Http404

    with pytest.raises(Http404):
        media_serve(RequestFactory().get(f"/media/{path}"), path)


def post_item_with_material(client, user, column, document):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:add", args=("columns", "articlepage", column.pk))
    return client.post(
        url,
        {
            "title": "借用他人原始稿",
            "slug": "borrowed",
            "summary": "",
            "body-count": "0",
            "item_kind": "work_focus",
            "original_materials-TOTAL_FORMS": "1",
            "original_materials-INITIAL_FORMS": "0",
            "original_materials-MIN_NUM_FORMS": "0",
            "original_materials-MAX_NUM_FORMS": "1000",
            "original_materials-0-document": str(document.pk),
            "original_materials-0-note": "",
            "original_materials-0-ORDER": "1",
        },
    )


def test_editor_refuses_a_document_the_account_may_not_read(client, chain, item, documents):
    # Putting it in one's own item would make it readable through that item.
    from columns.models import ArticlePage

    material, _ = documents
    response = post_item_with_material(client, chain.dept_liaison, chain.column, material)
    assert response.status_code == 200
    assert "不能选用您无权查看的文件" in response.content.decode()
    assert not ArticlePage.objects.filter(title="借用他人原始稿").exists()
    assert fetch(client, material, chain.dept_liaison).status_code == 403


def test_editor_accepts_the_accounts_own_upload(client, chain):
    from columns.models import ArticlePage

    own = document_create(title="本人上传", name="own.txt")
    type(own).objects.filter(pk=own.pk).update(uploaded_by_user=chain.dept_liaison)
    response = post_item_with_material(client, chain.dept_liaison, chain.column, own)
    assert response.status_code == 302
    assert ArticlePage.objects.filter(title="借用他人原始稿").exists()


def test_the_serve_check_costs_a_fixed_number_of_queries(
    chain, item, documents, django_assert_num_queries
):
    from workflows.document_selectors import document_access

    material, attachment = documents
    for number in range(3):
        submit(
            draft(
                chain,
                chain.town_liaison,
                title=f"同一附件{number}",
                body=[("attachment", {"document": attachment, "title": ""})],
            ),
            chain.town_liaison,
        )
    user = type(chain.proofreader1).objects.get(pk=chain.proofreader1.pk)
    # Roles, unit, uses, then what the public sees (site, view restrictions, columns, released
    # uses) and the runs: the same for one item or many.
    with django_assert_num_queries(8):
        assert document_access(user, attachment).readable
