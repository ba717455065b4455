"""The security events' chain (R-14, issue 15): sealed with the key outside the database,
verifiable, and what a database administrator does behind the application is named."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory

from cms.core.crypto import seals as core_seals
from cms.security import seals
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def raw(sql, params=()):
    """The database administrator's own tools: triggers off for the session, plain SQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def record_three():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:DB8::1", HTTP_USER_AGENT="浏览器")
    request.user = None
    security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, username="a", attempt=(1, 2))
    security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, request=request, username="b")
    security_event_record(SecurityEvent.Kind.LOCKOUT, username="b", until=None)


def test_events_are_sealed_and_chained():
    record_three()
    events = list(SecurityEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[0].previous_seal == core_seals.GENESIS
    assert events[1].previous_seal == events[0].seal
    assert {(e.seal_algorithm, e.seal_key_version) for e in events} == {("hmac-sm3", 1)}
    assert seals.verify_events() == []


def test_an_event_rewritten_in_sql_is_named():
    record_three()
    raw("UPDATE cms_securityevent SET username = 'innocent' WHERE sequence = 2")
    problems = [str(p) for p in seals.verify_events()]
    assert len(problems) == 1
    assert "第2条" in problems[0] and "内容与封印不符" in problems[0]


def test_a_deleted_event_in_the_middle_is_named():
    record_three()
    raw("DELETE FROM cms_securityevent WHERE sequence = 2")
    problems = [str(p) for p in seals.verify_events()]
    assert any("第2条之前缺失" in p or "缺失" in p for p in problems)


def test_an_event_inserted_without_a_seal_is_named():
    record_three()
    raw(
        "INSERT INTO cms_securityevent (occurred_at, kind, username, user_agent, detail,"
        " previous_seal, seal, seal_algorithm) VALUES (%s, 'login_success', 'ghost', '', '{}',"
        " '', '', '')",
        [SecurityEvent.objects.get(sequence=3).occurred_at + timedelta(seconds=1)],
    )
    problems = [str(p) for p in seals.verify_events()]
    assert any("未封印的事件" in p for p in problems)


def test_events_purged_after_retention_leave_a_chain_that_still_verifies():
    record_three()
    raw("DELETE FROM cms_securityevent WHERE sequence = 1")
    assert seals.verify_events() == []


def test_unsealed_events_of_before_are_counted_by_a_switch_over_event():
    raw(
        "INSERT INTO cms_securityevent (occurred_at, kind, username, user_agent, detail,"
        " previous_seal, seal, seal_algorithm) VALUES (%s, 'login_success', 'before', '', '{}',"
        " '', '', '')",
        [SecurityEvent._meta.get_field("occurred_at").default() - timedelta(days=1)],
    )
    security_event_record(SecurityEvent.Kind.LOGIN_SUCCESS, username="after")
    switch, first = SecurityEvent.objects.filter(sequence__isnull=False).order_by("sequence")
    assert switch.kind == SecurityEvent.Kind.SEAL_SWITCH
    assert switch.detail == {"from": None, "to": ["hmac-sm3", 1], "unsealed_before": 1}
    assert first.username == "after"
    assert seals.verify_events() == []
