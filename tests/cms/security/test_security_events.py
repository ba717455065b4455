"""Security events are kept (R-14) and the client address cannot be forged (R-13)."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from cms.security.client_ip import client_ip, client_ip_from
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent, SecurityEventRetained


def test_forwarded_for_from_an_untrusted_address_is_ignored():
    assert client_ip_from("203.0.113.9", "1.2.3.4", ["10.0.0.0/8"]) == "203.0.113.9"


def test_forwarded_for_from_a_trusted_proxy_is_believed():
    assert client_ip_from("10.0.0.2", "198.51.100.7", ["10.0.0.0/8"]) == "198.51.100.7"


def test_only_the_trusted_part_of_the_chain_is_believed():
    forged_then_real = "6.6.6.6, 198.51.100.7"
    assert client_ip_from("10.0.0.2", forged_then_real, ["10.0.0.0/8"]) == "198.51.100.7"


def test_garbage_in_the_header_falls_back_to_the_proxy():
    assert client_ip_from("10.0.0.2", "not-an-ip", ["10.0.0.0/8"]) == "10.0.0.2"


def test_request_without_header_keeps_its_own_address(settings):
    settings.XIUYING = {"TRUSTED_PROXIES": ["127.0.0.1"]}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    assert client_ip(request) == "192.0.2.1"


@pytest.mark.django_db
def test_young_event_cannot_be_deleted_or_changed():
    event = security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, username="someone")
    with pytest.raises(SecurityEventRetained):
        event.delete()
    with pytest.raises(SecurityEventRetained):
        SecurityEvent.objects.all().delete()
    with pytest.raises(SecurityEventRetained):
        SecurityEvent.objects.update(username="x")
    assert SecurityEvent.objects.count() == 1


@pytest.mark.django_db
def test_events_past_retention_may_be_deleted():
    event = security_event_record(SecurityEvent.Kind.LOGIN_SUCCESS, username="old")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE cms_securityevent SET occurred_at = %s WHERE id = %s",
            [event.occurred_at - timedelta(days=181), event.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    SecurityEvent.objects.filter(pk=event.pk).delete()
    assert not SecurityEvent.objects.exists()


@pytest.mark.django_db
def test_postgresql_refuses_deleting_young_events_in_raw_sql():
    if connection.vendor != "postgresql":
        pytest.skip("the retention trigger is PostgreSQL's; this run uses SQLite")
    security_event_record(SecurityEvent.Kind.LOGIN_FAILURE, username="someone")
    with (
        pytest.raises(Exception, match="retained"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM cms_securityevent")
    assert SecurityEvent.objects.count() == 1


@pytest.mark.django_db
def test_deleting_an_account_keeps_its_events(django_user_model):
    user = django_user_model.objects.create_user("leaver", password="x")
    security_event_record(SecurityEvent.Kind.LOGIN_SUCCESS, user=user)
    user_id = user.pk
    user.delete()
    event = SecurityEvent.objects.get()
    assert (event.user_id, event.username) == (user_id, "leaver")
