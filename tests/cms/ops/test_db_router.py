"""The read replica (issue 8): the public API reads from it, the admin and the approval chain
read and write the primary. On one machine, ``replica`` is a second connection to the test
database (a test mirror of ``default``), added for this module only."""

import pytest
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

from cms.ops.db_router import REPLICA, ReplicaRouter, replica_reads
from columns.models import ArticlePage
from tests.workflows.chain import act, draft, released, submit

BOTH = [DEFAULT_DB_ALIAS, REPLICA]


@pytest.fixture(scope="module", autouse=True)
def replica_connection(django_db_setup, django_db_blocker):
    """Before the test case checks its databases: settings stay as they are for other tests."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    connections.settings[REPLICA] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    yield
    with django_db_blocker.unblock():
        connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def tables_read(captured) -> str:
    return " ".join(query["sql"] for query in captured.captured_queries)


def test_the_router_sends_only_marked_reads_to_the_replica_and_every_write_to_default():
    router = ReplicaRouter()
    assert router.db_for_read(ArticlePage) is None
    with replica_reads():
        assert router.db_for_read(ArticlePage) == REPLICA
        assert router.db_for_write(ArticlePage) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(REPLICA, "columns") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "columns") is None


def test_without_a_replica_marked_reads_stay_on_default(monkeypatch):
    monkeypatch.delitem(connections.settings, REPLICA)
    with replica_reads():
        assert ReplicaRouter().db_for_read(ArticlePage) is None


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_api_listing_reads_from_the_replica(chain, client):
    released(chain, title="秀英区召开党建工作会议")
    caches["default"].clear()
    with (
        CaptureQueriesContext(connections[REPLICA]) as replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as default,
    ):
        response = client.get("/api/v1/articles")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["秀英区召开党建工作会议"]
    assert "columns_articlepage" in tables_read(replica)
    assert "columns_articlepage" not in tables_read(default)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_approval_chain_and_the_admin_use_default_only(chain, client):
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        article = submit(draft(chain, chain.town_liaison), chain.town_liaison)
        act(article, chain.town_liaison)
        client.force_login(chain.site_admin)
        assert client.get("/admin/pages/").status_code == 200
        assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    assert replica.captured_queries == []
