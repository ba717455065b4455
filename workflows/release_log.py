"""The release log (信息发布日志, R-11): append-only, sealed and chained, with archived copies.

Each entry stores the approved content as published and copies of the original materials, so a
later edit, a purged revision or a deleted document cannot change what the log shows. Each
entry is sealed with the key kept outside the database (``cms.core.crypto.seals``); when the
algorithm or the key version changes, a switch-over entry says so before the next entry.
"""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.crypto import seals
from cms.core.crypto.chain import Link, chain_problems
from cms.core.crypto.keys import keyring
from cms.core.names import display_name
from workflows.models import ApprovalForm, ReleaseLogEntry

GENESIS = seals.GENESIS
# An advisory-lock key of our own, so that two releases append one after the other.
APPEND_LOCK_KEY = 0x58_49_55_59_49_4E_47
NO_REASON = "未经下线功能操作，未注明原因"
SWITCH_TITLE = "封印切换：{old} → {new}"
SWITCH_REASON = "此后的记录以新的封印算法或密钥版本封印，此前的记录仍按各自的算法核验。"

_takedown = ContextVar("xiuying_takedown", default=None)
_seed_clock = ContextVar("xiuying_release_seed_clock", default=None)

canonical = seals.canonical


def sha256(value) -> str:
    """The digest of archived content: an identifier, kept SHA-256 under either provider (the
    seal of the entry protects it)."""
    return seals.plain_hash(value)


HASHED_FIELDS = (
    "sequence",
    "kind",
    "recorded_at",
    "actor_id",
    "actor_name",
    "article_page_id",
    "article_title",
    "column_title",
    "revision_id",
    "content_sha256",
    "approved_content",
    "approval_form_id",
    "approval_form_snapshot",
    "materials",
    "reason",
    "previous_sha256",
)
CHAIN_FIELDS = ("previous_sha256", "entry_sha256", "seal_algorithm", "seal_key_version")


def entry_values(entry: ReleaseLogEntry) -> dict:
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["recorded_at"] = entry.recorded_at.isoformat()
    return values


def entry_hash(entry: ReleaseLogEntry) -> str:
    """The entry's seal under the algorithm and key version it names."""
    return seals.seal_compute(
        entry_values(entry), algorithm=entry.seal_algorithm, key_version=entry.seal_key_version
    )


def entry_time(now: datetime, *, wanted: datetime | None, previous: datetime | None):
    """Pure: when an entry is recorded: now, to the second; under the demo seed's clock the
    time it asks for, but never before the previous entry nor after now, so that the log stays
    in time order whatever was logged before the seed."""
    now = now.replace(microsecond=0)
    if wanted is None:
        return now
    wanted = wanted.replace(microsecond=0)
    return min(max(wanted, previous) if previous else wanted, now)


@contextmanager
def seed_clock(when: datetime):
    """For seeding the demo site only (``cms/demo/articles.py``): the releases logged inside
    are dated ``when`` (see ``entry_time``), so that the demo's items do not all show the day
    of the seed as their release time. Nothing else may date an entry: a real release's time
    is the moment it is logged (R-11)."""
    token = _seed_clock.set(when)
    try:
        yield
    finally:
        _seed_clock.reset(token)


@transaction.atomic
def append(**fields) -> ReleaseLogEntry:
    """Append one entry after the last, under a lock so sequences and links never fork; a
    switch-over entry first when the seal algorithm or key version changed since the last."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])
    last = _last()
    scheme = seals.seal_scheme(last_version=last.seal_key_version if last else None)
    if last is not None and (last.seal_algorithm, last.seal_key_version) != scheme:
        last = _insert(last, scheme, **_switch_fields(last, scheme))
    return _insert(last, scheme, **fields)


def _last() -> ReleaseLogEntry | None:
    return (
        ReleaseLogEntry.objects.order_by("-sequence")
        .only("sequence", "entry_sha256", "recorded_at", "seal_algorithm", "seal_key_version")
        .first()
    )


def _insert(last, scheme, **fields) -> ReleaseLogEntry:
    recorded_at = entry_time(
        timezone.now(), wanted=_seed_clock.get(), previous=last.recorded_at if last else None
    )
    entry = ReleaseLogEntry(
        sequence=(last.sequence + 1) if last else 1,
        previous_sha256=last.entry_sha256 if last else GENESIS,
        recorded_at=recorded_at,
        seal_algorithm=scheme[0],
        seal_key_version=scheme[1],
        **fields,
    )
    entry.entry_sha256 = entry_hash(entry)
    entry.save(force_insert=True)
    return entry


def scheme_label(algorithm: str, key_version: int | None) -> str:
    return algorithm if key_version is None else f"{algorithm}（密钥版本{key_version}）"


def _switch_fields(last: ReleaseLogEntry, scheme: tuple[str, int]) -> dict:
    old = {"algorithm": last.seal_algorithm, "key_version": last.seal_key_version}
    new = {"algorithm": scheme[0], "key_version": scheme[1]}
    title = SWITCH_TITLE.format(
        old=scheme_label(last.seal_algorithm, last.seal_key_version), new=scheme_label(*scheme)
    )
    content = {"from": old, "to": new}
    return {
        "kind": ReleaseLogEntry.Kind.SEAL_SWITCH,
        "actor": None,
        "actor_name": _("系统"),
        "article_page_id": 0,
        "article_title": title,
        "column_title": "",
        "revision_id": None,
        "content_sha256": sha256(content),
        "approved_content": content,
        "reason": SWITCH_REASON,
    }


@transaction.atomic
def seal_switch_record() -> ReleaseLogEntry | None:
    """Record the switch-over now (``manage.py rotate_seal_key``), not at the next release."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])
    last = _last()
    scheme = seals.seal_scheme(last_version=last.seal_key_version if last else None)
    if last is None or (last.seal_algorithm, last.seal_key_version) == scheme:
        return None
    return _insert(last, scheme, **_switch_fields(last, scheme))


def form_snapshot(form: ApprovalForm | None) -> dict:
    if form is None:
        return {}
    steps = form.steps.order_by("started_at", "pk").values(
        "step",
        "decision",
        "signer_name",
        "signer_unit_name",
        "decided_at",
        "comment",
        "skip_reason",
        "checklist_confirmed",
        "revision_id",
    )
    header = {
        f: getattr(form, f)
        for f in (
            "article_title",
            "column_title",
            "column_owner_name",
            "source_unit_name",
            "drafter_name",
            "liaison_name",
            "is_major_sensitive",
            "status",
            "approved_revision_id",
        )
    }
    return json.loads(canonical({"form_id": form.pk, **header, "steps": list(steps)}))


def archive_materials(article) -> list[dict]:
    """Copy each original material into the archive storage, addressed by its SHA-256."""
    archive = storages["release_archive"]
    archived = []
    for material in article.original_materials.select_related("document"):
        document = material.document
        with document.file.open("rb") as handle:
            data = handle.read()
        digest = hashlib.sha256(data).hexdigest()
        path = f"{digest[:2]}/{digest}"
        if not archive.exists(path):
            archive.save(path, ContentFile(data))
        archived.append(
            {
                "title": document.title,
                "filename": document.filename,
                "note": material.note,
                "sha256": digest,
                "size": len(data),
                "archive_path": path,
            }
        )
    return archived


def _common(page, revision_id, content, actor, actor_name) -> dict:
    column = page.get_parent()
    return {
        "actor": actor,
        "actor_name": actor_name,
        "article_page_id": page.pk,
        "article_title": page.title,
        "column_title": column.title if column else "",
        "revision_id": revision_id,
        "content_sha256": sha256(content),
        "approved_content": content,
    }


def record_release(page, revision) -> ReleaseLogEntry:
    form = ApprovalForm.objects.filter(approved_revision_id=revision.pk).first()
    release_step = form.steps.filter(step="release", decision="approved").last() if form else None
    actor = release_step.signer if release_step else None
    actor_name = release_step.signer_name if release_step else ""
    return append(
        kind=ReleaseLogEntry.Kind.RELEASE,
        **_common(page, revision.pk, revision.content, actor, actor_name),
        approval_form=form,
        approval_form_snapshot=form_snapshot(form),
        materials=archive_materials(revision.as_object()),
    )


@contextmanager
def takedown_context(user, reason):
    token = _takedown.set((user, reason))
    try:
        yield
    finally:
        _takedown.reset(token)


def record_takedown(page) -> ReleaseLogEntry:
    user, reason = _takedown.get() or (None, NO_REASON)
    revision = page.live_revision
    content = revision.content if revision else {}
    form = ApprovalForm.objects.filter(approved_revision_id=getattr(revision, "pk", None)).first()
    name = display_name(user)
    return append(
        kind=ReleaseLogEntry.Kind.TAKEDOWN,
        **_common(page, getattr(revision, "pk", None), content, user, name),
        approval_form=form,
        approval_form_snapshot=form_snapshot(form),
        reason=reason,
    )


def entry_link(entry: ReleaseLogEntry) -> Link:
    return Link(
        sequence=entry.sequence,
        at=entry.recorded_at,
        values=entry_values(entry),
        previous=entry.previous_sha256,
        seal=entry.entry_sha256,
        algorithm=entry.seal_algorithm,
        key_version=entry.seal_key_version,
        is_switch=entry.kind == ReleaseLogEntry.Kind.SEAL_SWITCH,
    )


def links(*, since: int = 0):
    entries = ReleaseLogEntry.objects.filter(sequence__gt=since).order_by("sequence")
    return (entry_link(entry) for entry in entries.iterator(chunk_size=2000))


def link_verified(link: Link) -> bool | None:
    """Whether the link's seal is right; None when its key version is not in the key ring."""
    if link.key_version is not None and link.key_version not in keyring().keys:
        return None
    return seals.seal_matches(
        link.values, link.seal, algorithm=link.algorithm, key_version=link.key_version
    )


def verify_chain() -> list[str]:
    """Problems found walking the chain from the first entry; empty when it is intact."""
    return [str(p) for p in chain_problems(links(), genesis=GENESIS, verify=link_verified)]
