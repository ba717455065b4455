"""The security events' chain (R-14, issue 15): each event sealed with the key kept outside the
database, after the seal of the one before; a switch-over event starts the chain and marks each
change of algorithm or key version. ``workflows.anchors`` writes its head outside the database.
"""

import json

from django.db import connection, transaction

from cms.core.crypto import seals
from cms.core.crypto.chain import Link, Problem, chain_problems
from cms.core.crypto.keys import keyring
from cms.security.models import SecurityEvent

APPEND_LOCK_KEY = 0x58_49_55_59_53_45_43
SEALED_FIELDS = (
    "sequence",
    "occurred_at",
    "kind",
    "user_id",
    "username",
    "ip_address",
    "user_agent",
    "detail",
    "previous_seal",
)
UNSEALED_AFTER_START = "链开始之后出现未封印的事件（编号{pk}，{kind}），疑为绕过应用写入"


def event_values(event: SecurityEvent) -> dict:
    values = {name: getattr(event, name) for name in SEALED_FIELDS}
    values["occurred_at"] = event.occurred_at.isoformat()
    return values


@transaction.atomic
def security_event_append(**fields) -> SecurityEvent:
    """Append one event under a lock, so the chain never forks."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])
    last = _last()
    scheme = seals.seal_scheme(last_version=last.seal_key_version if last else None)
    if _switch_due(last, scheme):
        last = _insert(last, scheme, **_switch_fields(last, scheme))
    return _insert(last, scheme, **fields)


def _switch_due(last, scheme) -> bool:
    """A switch-over event goes first when the scheme changed, or when the chain begins after
    events recorded unsealed (it counts them); an empty table simply starts at 1."""
    if last is None:
        return SecurityEvent.objects.filter(sequence__isnull=True).exists()
    return (last.seal_algorithm, last.seal_key_version) != scheme


@transaction.atomic
def seal_switch_record() -> SecurityEvent | None:
    """Record the switch-over now (``manage.py rotate_seal_key``), not at the next event."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])
    last = _last()
    scheme = seals.seal_scheme(last_version=last.seal_key_version if last else None)
    if last is not None and not _switch_due(last, scheme):
        return None
    return _insert(last, scheme, **_switch_fields(last, scheme))


def _last() -> SecurityEvent | None:
    return (
        SecurityEvent.objects.filter(sequence__isnull=False)
        .order_by("-sequence")
        .only("sequence", "seal", "seal_algorithm", "seal_key_version")
        .first()
    )


def _switch_fields(last, scheme) -> dict:
    old = None if last is None else [last.seal_algorithm, last.seal_key_version]
    unsealed = SecurityEvent.objects.filter(sequence__isnull=True).count() if last is None else 0
    detail = {"from": old, "to": list(scheme), "unsealed_before": unsealed}
    return {"kind": SecurityEvent.Kind.SEAL_SWITCH, "username": "", "detail": detail}


def _insert(last, scheme, **fields) -> SecurityEvent:
    ip_field = SecurityEvent._meta.get_field("ip_address")
    event = SecurityEvent(
        sequence=(last.sequence + 1) if last else 1,
        previous_seal=last.seal if last else seals.GENESIS,
        seal_algorithm=scheme[0],
        seal_key_version=scheme[1],
        **fields,
    )
    # Stored as read back: JSON values (tuples as lists, dates as text) and normalised
    # addresses, so the seal recomputed from the row is the seal computed here.
    event.detail = json.loads(seals.canonical(event.detail))
    event.ip_address = ip_field.get_prep_value(event.ip_address)
    event.seal = event_seal(event)
    event.save(force_insert=True)
    return event


def event_seal(event: SecurityEvent) -> str:
    return seals.seal_compute(
        event_values(event), algorithm=event.seal_algorithm, key_version=event.seal_key_version
    )


def event_link(event: SecurityEvent) -> Link:
    return Link(
        sequence=event.sequence,
        at=event.occurred_at,
        values=event_values(event),
        previous=event.previous_seal,
        seal=event.seal,
        algorithm=event.seal_algorithm,
        key_version=event.seal_key_version,
        is_switch=event.kind == SecurityEvent.Kind.SEAL_SWITCH,
    )


def links(*, since: int = 0):
    events = SecurityEvent.objects.filter(sequence__gt=since).order_by("sequence")
    return (event_link(event) for event in events.iterator(chunk_size=2000))


def link_verified(link: Link) -> bool | None:
    if link.key_version not in keyring().keys:
        return None
    return seals.seal_matches(
        link.values, link.seal, algorithm=link.algorithm, key_version=link.key_version
    )


def verify_events() -> list[Problem]:
    """Problems of the events' chain, and events without a seal written after it began."""
    problems = chain_problems(links(), genesis=seals.GENESIS, verify=link_verified, purgeable=True)
    first = SecurityEvent.objects.filter(sequence__isnull=False).order_by("sequence").first()
    if first is not None:
        unsealed = SecurityEvent.objects.filter(sequence__isnull=True).filter(
            occurred_at__gte=first.occurred_at
        ) | SecurityEvent.objects.filter(sequence__isnull=True, pk__gt=first.pk)
        problems += [
            Problem(0, e.occurred_at, UNSEALED_AFTER_START.format(pk=e.pk, kind=e.kind))
            for e in unsealed.order_by("pk")
        ]
    return problems
