"""Draft preview for approvers through a short-lived signed token minted in the admin, never
by id (R-24, with the chain's access rules of R-02 and R-05..R-09)."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from cms.api.preview import preview_token_mint
from columns.services import article_create, article_update
from tests.workflows.chain import act, submit

pytestmark = pytest.mark.django_db
LABEL = "在小程序中预览"


@pytest.fixture
def in_review(chain):
    """A town item waiting at unit approval (drafter review done)."""
    article = article_create(user=chain.town_liaison, column=chain.column, title="审批中的草稿")
    article = submit(article, chain.town_liaison)
    return act(article, chain.town_liaison)


def mint_page(client, user, article):
    client.force_login(user)
    return client.get(reverse("xiuying_api_preview", args=[article.pk]))


def token_of(page) -> str:
    return re.search(r"/api/v1/preview/([^\"<\s]+)", page.content.decode()).group(1)


def test_the_approver_of_the_current_step_sees_the_button(client, chain, in_review):
    client.force_login(chain.unit_approver)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[in_review.pk]))
    assert LABEL in editor.content.decode()
    assert reverse("xiuying_api_preview", args=[in_review.pk]) in editor.content.decode()


def test_the_drafter_sees_the_button_on_a_draft(client, chain):
    article = article_create(user=chain.town_liaison, column=chain.column, title="草稿")
    client.force_login(chain.town_liaison)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert LABEL in editor.content.decode()


def refused(page) -> bool:
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message;
    # an item the account may not see at all answers 404 (columns.middleware).
    return page.status_code in (302, 403, 404) and "/api/v1/preview/" not in page.content.decode()


def test_a_liaison_of_another_unit_may_not_mint(client, chain, in_review, other_liaison):
    assert refused(mint_page(client, other_liaison, in_review))


def test_a_proofreader_not_yet_at_their_step_may_not_mint(client, chain, in_review):
    assert refused(mint_page(client, chain.proofreader1, in_review))


def test_token_shows_the_latest_draft_not_the_live_revision(client, chain, release):
    article = release(title="已发布")
    article_update(user=chain.town_liaison, article=article, title="修改后的草稿")
    page = mint_page(client, chain.town_liaison, article)
    assert page.status_code == 200
    client.logout()
    response = client.get(f"/api/v1/preview/{token_of(page)}")
    body = response.json()
    assert (response.status_code, body["id"], body["title"]) == (200, article.pk, "修改后的草稿")
    assert body["revision_id"] == article.get_latest_revision().pk
    assert response["Cache-Control"] == "private, no-cache"
    assert client.get(f"/api/v1/articles/{article.pk}").json()["title"] == "已发布"


def test_the_mint_page_shows_the_mini_program_path_and_expiry(client, chain, in_review):
    content = mint_page(client, chain.unit_approver, in_review).content.decode()
    assert "pages/preview/index?token=" in content
    assert "data-xiuying-preview-expires" in content
    assert "https://dangjian.xiuying.example/api/v1/preview/" in content


def test_an_expired_token_is_refused(client, chain, in_review, monkeypatch):
    token, _ = preview_token_mint(user=chain.unit_approver, article=in_review)
    later = time.time() + 31 * 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.get(f"/api/v1/preview/{token}")
    assert (response.status_code, response.json()["code"]) == (410, "preview_expired")
    assert response.json()["message"] == "预览链接已过期，请在后台重新生成。"


@pytest.mark.parametrize(
    "forge",
    [
        lambda token, article: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token, article: signing.dumps({"p": article.pk, "r": 1, "u": 1, "x": 0}),
        lambda token, article: str(article.pk),
        lambda token, article: "not-a-token",
    ],
    ids=["tampered", "other-salt", "bare-id", "garbage"],
)
def test_forged_tokens_and_bare_ids_are_refused(client, chain, in_review, forge):
    token, _ = preview_token_mint(user=chain.unit_approver, article=in_review)
    response = client.get(f"/api/v1/preview/{forge(token, in_review)}")
    assert (response.status_code, response.json()["code"]) == (403, "preview_invalid")


def test_a_token_dies_with_its_minters_account(client, chain, in_review):
    token, _ = preview_token_mint(user=chain.unit_approver, article=in_review)
    chain.unit_approver.is_active = False
    chain.unit_approver.save()
    response = client.get(f"/api/v1/preview/{token}")
    assert (response.status_code, response.json()["code"]) == (410, "preview_gone")


def test_a_token_stays_dead_when_its_minter_is_reactivated(client, chain, in_review):
    """Issue 18: deactivating the minter for a moment used to suspend its tokens, not end them."""
    token, _ = preview_token_mint(user=chain.unit_approver, article=in_review)
    chain.unit_approver.is_active = False
    chain.unit_approver.save()
    chain.unit_approver.is_active = True
    chain.unit_approver.save()
    response = client.get(f"/api/v1/preview/{token}")
    assert (response.status_code, response.json()["code"]) == (410, "preview_gone")
    fresh, _ = preview_token_mint(user=chain.unit_approver, article=in_review)
    assert client.get(f"/api/v1/preview/{fresh}").status_code == 200


def test_saving_an_active_account_leaves_its_tokens_alone(client, chain, in_review):
    token, _ = preview_token_mint(user=chain.unit_approver, article=in_review)
    chain.unit_approver.first_name = "志明"
    chain.unit_approver.save()
    assert client.get(f"/api/v1/preview/{token}").status_code == 200


def test_preview_is_never_cached_on_the_server(client, chain, in_review):
    token, _ = preview_token_mint(user=chain.unit_approver, article=in_review)
    assert client.get(f"/api/v1/preview/{token}").status_code == 200
    article_update(user=chain.town_liaison, article=in_review, title="又改了")
    # The token names its revision: the later edit is not what it shows, from any cache.
    assert client.get(f"/api/v1/preview/{token}").json()["title"] == "审批中的草稿"


def test_the_preview_carries_the_screening_verdict_of_the_draft(client, chain, release):
    article = release(title="已发布")
    article_update(user=chain.town_liaison, article=article, summary="市攻府召开会议")
    token, _ = preview_token_mint(user=chain.town_liaison, article=article)
    screening = client.get(f"/api/v1/preview/{token}").json()["screening"]
    assert screening["blocks"] is True
    assert screening["messages"] == [
        "【严重表述错误】“摘要”第2字处“攻府”应为“政府”，须更正后方可发布。"
    ]
    assert (screening["pending"], screening["unchecked"]) == ([], [])
