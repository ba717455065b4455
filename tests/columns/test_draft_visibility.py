"""Another unit's item never shows to a liaison, in any listing, search, chooser, report, the
admin API or its own pages; its own unit's liaison sees it (issue 18, R-02, R-13)."""

import json

import pytest
from django.db import transaction
from django.urls import reverse

from columns.selectors import user_may_see_pages
from tests.conftest import chain_cast_make, ensure_wagtail_roots
from tests.workflows.chain import draft, submit

pytestmark = pytest.mark.django_db

TITLE = "人才办青年人才驿站建设方案"
SEARCH_WORD = "驿站"


@pytest.fixture(scope="module")
def cast_and_item(django_db_setup, django_db_blocker):
    """The cast and a draft of 组织科 (the column's responsible department) in the approval
    chain, made once for the module, whose tests only read them, and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_wagtail_roots()
        cast = chain_cast_make()
        yield cast, submit(draft(cast, cast.dept_liaison, title=TITLE), cast.dept_liaison)
        transaction.set_rollback(True)


@pytest.fixture
def chain(cast_and_item, db):
    return cast_and_item[0]


@pytest.fixture
def item(cast_and_item, db):
    return cast_and_item[1]


def text(response) -> str:
    """The response as a reader sees it: choosers and the API answer JSON, whose Chinese is
    escaped (a title would never be found in the raw bytes)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def column_of(item):
    return item.get_parent().pk


LISTINGS = {
    "explorer": lambda item: reverse("wagtailadmin_explore", args=[column_of(item)]),
    "api_children": lambda item: f"/admin/api/main/pages/?child_of={column_of(item)}",
    "api_search": lambda item: f"/admin/api/main/pages/?search={SEARCH_WORD}",
    "search": lambda item: f"{reverse('wagtailadmin_pages:search')}?q={SEARCH_WORD}",
    "search_results": lambda item: (
        f"{reverse('wagtailadmin_pages:search_results')}?q={SEARCH_WORD}"
    ),
    "type_use": lambda item: reverse(
        "wagtailadmin_pages:type_use", args=["columns", "articlepage"]
    ),
    "site_history": lambda item: reverse("wagtailadmin_reports:site_history"),
    "workflow_report": lambda item: reverse("wagtailadmin_reports:workflow"),
    "workflow_tasks_report": lambda item: reverse("wagtailadmin_reports:workflow_tasks"),
    "chooser": lambda item: reverse("wagtailadmin_choose_page_child", args=[column_of(item)]),
    "chooser_search": lambda item: f"{reverse('wagtailadmin_choose_page_search')}?q={SEARCH_WORD}",
    "bulk_delete": lambda item: f"/admin/bulk/wagtailcore/page/delete/?id={item.pk}",
}
# Reports that do not list a draft nobody locked, or that Wagtail refuses liaisons, and the
# dashboard, which lists only what awaits its reader.
OTHER_PAGES = {
    "aging_report": lambda item: reverse("wagtailadmin_reports:aging_pages"),
    "locked_report": lambda item: reverse("wagtailadmin_reports:locked_pages"),
    "dashboard": lambda item: reverse("wagtailadmin_home"),
}
ITEM_PAGES = {
    "explore_item": lambda item: reverse("wagtailadmin_explore", args=[item.pk]),
    "api_detail": lambda item: f"/admin/api/main/pages/{item.pk}/",
    "edit": lambda item: reverse("wagtailadmin_pages:edit", args=[item.pk]),
    "history": lambda item: reverse("wagtailadmin_pages:history", args=[item.pk]),
    "workflow_history": lambda item: reverse("wagtailadmin_pages:workflow_history", args=[item.pk]),
    "view_draft": lambda item: reverse("wagtailadmin_pages:view_draft", args=[item.pk]),
    "revision": lambda item: reverse(
        "wagtailadmin_pages:revisions_view", args=[item.pk, item.latest_revision_id]
    ),
    "compare": lambda item: reverse(
        "wagtailadmin_pages:revisions_compare", args=[item.pk, "earliest", "latest"]
    ),
    "usage": lambda item: reverse("wagtailadmin_pages:usage", args=[item.pk]),
    "move": lambda item: reverse("wagtailadmin_pages:move", args=[item.pk]),
    "copy": lambda item: reverse("wagtailadmin_pages:copy", args=[item.pk]),
    "delete": lambda item: reverse("wagtailadmin_pages:delete", args=[item.pk]),
    "chooser_browse_item": lambda item: reverse("wagtailadmin_choose_page_child", args=[item.pk]),
    "chosen_multiple": lambda item: (
        f"{reverse('wagtailadmin_choose_page_chosen_multiple')}?id={item.pk}"
    ),
}


@pytest.mark.parametrize(
    "url", [*LISTINGS.values(), *OTHER_PAGES.values()], ids=[*LISTINGS, *OTHER_PAGES]
)
def test_other_units_liaison_finds_the_title_nowhere(client, chain, item, url):
    response = get(client, chain.town_liaison, url(item))
    # Wagtail refuses liaisons the locked pages report (a redirect to the dashboard).
    assert response.status_code in (200, 302)
    assert TITLE not in text(response)


@pytest.mark.parametrize("url", LISTINGS.values(), ids=LISTINGS)
def test_owning_units_liaison_finds_the_item(client, chain, item, url):
    response = get(client, chain.dept_liaison, url(item))
    assert TITLE in text(response)


@pytest.mark.parametrize("url", ITEM_PAGES.values(), ids=ITEM_PAGES)
def test_other_units_liaison_cannot_open_any_page_of_the_item(client, chain, item, url):
    response = get(client, chain.town_liaison, url(item))
    assert response.status_code == 404
    assert TITLE not in text(response)


def test_owning_units_liaison_opens_the_item(client, chain, item):
    for name in ("wagtailadmin_explore", "wagtailadmin_pages:history"):
        response = get(client, chain.dept_liaison, reverse(name, args=[item.pk]))
        assert response.status_code == 200 and TITLE in text(response), name
    response = get(client, chain.dept_liaison, f"/admin/api/main/pages/{item.pk}/")
    assert response.json()["admin_display_title"] == TITLE


def test_other_units_unit_approver_does_not_see_the_item_either(client, chain, item):
    response = get(client, chain.unit_approver, f"/admin/api/main/pages/{item.pk}/")
    assert response.status_code == 404


def test_approvers_of_the_department_and_the_site_staff_see_the_item(client, chain, item):
    for user in (chain.proofreader1, chain.dept_leader, chain.minister, chain.site_admin):
        assert user_may_see_pages(user, [item.pk]), user
    response = get(client, chain.site_admin, f"/admin/api/main/pages/{item.pk}/")
    assert response.status_code == 200


def test_page_types_report_is_only_for_those_who_see_every_item(client, chain, item):
    url = reverse("wagtailadmin_reports:page_types_usage")
    assert get(client, chain.town_liaison, url).status_code == 403
    assert url not in text(get(client, chain.town_liaison, reverse("wagtailadmin_home")))
    response = get(client, chain.site_admin, url)
    assert response.status_code == 200 and TITLE in text(response)


def test_permission_tester_grants_nothing_on_a_hidden_item(chain, item):
    tester = item.permissions_for_user(chain.town_liaison)
    assert tester.hidden
    assert not any(
        check()
        for check in (
            tester.can_edit,
            tester.can_delete,
            tester.can_lock,
            tester.can_unlock,
            tester.can_submit_for_moderation,
            tester.can_view_revisions,
            tester.can_copy,
            tester.can_move,
        )
    )
    assert item.permissions_for_user(chain.dept_liaison).can_edit()
