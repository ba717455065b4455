"""Security events younger than 180 days can never be deleted; manage.py purge_security_events
removes only older ones and refuses a shorter period (R-14)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from cms.security.events import security_event_record
from cms.security.management.commands.purge_security_events import TOO_RECENT
from cms.security.models import SecurityEvent, SecurityEventRetained

pytestmark = pytest.mark.django_db


def backdate(event, days: int) -> None:
    """Age an event behind the model's back (the trigger allows nothing else)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE cms_securityevent SET occurred_at = %s WHERE id = %s",
            [event.occurred_at - timedelta(days=days), event.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_security_events", *args, stdout=out)
    return out.getvalue()


def test_event_younger_than_180_days_cannot_be_deleted():
    event = security_event_record(SecurityEvent.Kind.VIRUS_FOUND, username="site_admin")
    backdate(event, 179)

    with pytest.raises(SecurityEventRetained):
        event.delete()
    with pytest.raises(SecurityEventRetained):
        SecurityEvent.objects.filter(pk=event.pk).delete()
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_database_refuses_deleting_a_young_event_whatever_the_client():
    if connection.vendor != "postgresql":
        pytest.skip("the retention trigger is PostgreSQL's; this run uses SQLite")
    event = security_event_record(SecurityEvent.Kind.LOCKOUT, username="someone")
    with (
        pytest.raises(Exception, match="retained"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM cms_securityevent WHERE id = %s", [event.pk])
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("days", ["0", "30", "179"])
def test_purge_refuses_less_than_180_days(days):
    with pytest.raises(CommandError) as refused:
        purge("--older-than", days)

    assert str(refused.value) == TOO_RECENT.format(days=180)


def test_purge_deletes_only_events_past_the_period():
    old = security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, username="old")
    young = security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, username="young")
    backdate(old, 200)
    backdate(young, 100)

    output = purge("--older-than", "180")

    assert "已删除 1 条" in output
    assert list(SecurityEvent.objects.values_list("username", flat=True)) == ["young"]


def test_purge_dry_run_deletes_nothing():
    backdate(security_event_record(SecurityEvent.Kind.LOGOUT, username="old"), 365)

    assert "试运行：将删除 1 条" in purge("--older-than", "180", "--dry-run")
    assert SecurityEvent.objects.count() == 1
