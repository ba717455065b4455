"""Anchors (issue 15, R-11, R-14): the heads of the sealed chains (the release log, the
security events), written outside the database as small signed statements.

Each statement names every entry since the previous anchor: its sequence, the first 16 hex
characters of its seal, its time, and a few keyed characters per field (``fingerprints``). A
database administrator without the key can rewrite an entry and recompute a chain of plain
hashes, but not the anchors already in a place they do not control (a file store, the mailboxes
of 网站专管员 and 组织部长): ``audit_releases --anchors DIR`` names the entries that differ from
them, with their time and the fields that changed.

The statement is signed with HMAC-SM3 (a sub-key of the current key version); README says why
SM2 is not used yet. Where an RFC 3161 time-stamping authority is configured
(``ANCHOR_TSA_URL``), it stamps each anchor file, and its reply is kept beside it
(``anchor-….json.tsr``): a third party's word on when the anchor existed and what it held.
"""

import hmac as constant_time
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from cms.core.conf import get_setting, role_name
from cms.core.crypto import seals
from cms.core.crypto.current import current_version, provider, subkey
from cms.core.crypto.keys import keyring_at_least
from cms.core.crypto.provider import BY_MAC
from cms.core.crypto.timestamps import TimestampError, stamp_check, stamp_fetch
from cms.security import seals as event_seals
from workflows import release_log

logger = logging.getLogger(__name__)

FORMAT = "xiuying-anchor/1"
SHORT_SEAL = 16
FILE_PATTERN = "anchor-*.json"
STAMP_SUFFIX = ".tsr"
CHAINS = {"release_log": release_log.links, "security_events": event_seals.links}
CHAIN_NAMES = {"release_log": "信息发布日志", "security_events": "安全事件"}
# Fields of the chain itself: they change after any rewrite of an earlier entry.
LINK_FIELDS = frozenset({"previous_sha256", "previous_seal"})
PURGEABLE = frozenset({"security_events"})

NO_DIRECTORY = "未配置锚点目录（XIUYING_ANCHOR_DIR），也未指定 --dir。"
BAD_SIGNATURE = "锚点文件 {name} 的签名不符：文件被改动或伪造"
UNREADABLE = "锚点文件 {name} 无法读取：{error}"
MISSING = "{chain}第{sequence}条（锚定时间 {at}）：锚点 {name} 记录的条目在数据库中已不存在"
DIFFERS = (
    "{chain}第{sequence}条（锚定时间 {at}）：与锚点 {name} 不符，锚定封印 {anchored}…，"
    "现为 {found}…（{algorithm}）；{what}"
)
CERTIFICATE_UNREADABLE = "时间戳服务的证书文件 {path} 无法读取"
STAMP_INVALID = "锚点文件 {name} 的时间戳（RFC 3161）不成立：{reason}"
FIELDS_CHANGED = "被改动的字段：{fields}"
ONLY_LINKS = "内容未变，仅链接与封印被重算（前面的条目被改写所致）"
MAIL_SUBJECT = "【秀英党建网】防篡改锚点 {date}"
MAIL_BODY = (
    "附件是 {at} 写出的信息发布日志与安全事件链的锚点，请原样保存，"
    "不要转发到数据库管理员可以改动的地方。\n\n{heads}\n\n锚点文件 {hash} 摘要：{digest}\n"
    "核验：manage.py audit_releases --anchors 保存目录"
)


@dataclass(frozen=True)
class Anchored:
    sequence: int
    short_seal: str
    at: str
    fingerprints: dict
    fingerprint_version: int
    name: str


# --------------------------------------------------------------------------- writing


def last_anchored(directory: Path | None) -> dict[str, int]:
    """The highest sequence each chain's anchors in ``directory`` already name."""
    last = dict.fromkeys(CHAINS, 0)
    for _, statement in anchors_read(directory) if directory else ():
        for chain, part in statement.get("chains", {}).items():
            if chain in last and part.get("head"):
                last[chain] = max(last[chain], part["head"]["sequence"])
    return last


def anchor_statement(*, since: dict[str, int], now: datetime | None = None) -> dict:
    version = current_version()
    chains = {name: _chain_part(CHAINS[name](since=since[name]), version) for name in CHAINS}
    for name, part in chains.items():
        part["since"] = since[name]
    statement = {
        "format": FORMAT,
        "written_at": (now or timezone.now()).isoformat(),
        "fingerprint_key_version": version,
        "chains": chains,
    }
    return {**statement, "signature": statement_signature(statement, key_version=version)}


def _chain_part(links, version: int) -> dict:
    """The head and, per entry, its short seal, time and fingerprints: one string of a few
    characters per field, in the order of ``fields``, to keep a first anchor of 100,000
    entries near 12 MB."""
    entries, head, fields = [], None, []
    for link in links:
        prints = seals.fingerprints(link.values, key_version=version)
        fields = fields or sorted(prints)
        joined = "".join(prints.get(name, "-" * seals.FINGERPRINT_CHARS) for name in fields)
        entries.append([link.sequence, link.seal[:SHORT_SEAL], link.at.isoformat(), joined])
        head = link
    return {"head": _head(head), "fields": fields, "entries": entries}


def _head(link) -> dict | None:
    if link is None:
        return None
    keys = ("sequence", "seal", "algorithm", "key_version")
    return {**{key: getattr(link, key) for key in keys}, "at": link.at.isoformat()}


def statement_signature(statement: dict, *, key_version: int) -> dict:
    chosen = provider()
    body = {k: v for k, v in statement.items() if k != "signature"}
    value = chosen.mac(subkey(chosen, "anchor", key_version), seals.canonical(body)).hex()
    return {"algorithm": chosen.mac_name, "key_version": key_version, "value": value}


def signature_valid(statement: dict) -> bool:
    signature = statement.get("signature") or {}
    chosen = BY_MAC.get(signature.get("algorithm"))
    version = signature.get("key_version")
    if chosen is None or version not in keyring_at_least(version).keys:
        return False
    body = {k: v for k, v in statement.items() if k != "signature"}
    expected = chosen.mac(subkey(chosen, "anchor", version), seals.canonical(body)).hex()
    return constant_time.compare_digest(expected, signature.get("value", ""))


def anchor_write(*, directory: Path, now: datetime | None = None) -> tuple[Path, dict]:
    """Write the statement of what was appended since the last anchor in ``directory``."""
    now = now or timezone.now()
    statement = anchor_statement(since=last_anchored(directory), now=now)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"anchor-{now.strftime('%Y%m%dT%H%M%S%fZ')}.json"
    path.write_text(json.dumps(statement, ensure_ascii=False, separators=(",", ":")))
    return path, statement


def stamp_path(path: Path) -> Path:
    return path.with_name(path.name + STAMP_SUFFIX)


def tsa_certificate() -> bytes | None:
    location = get_setting("ANCHOR_TSA_CERTIFICATE")
    if not location:
        return None
    try:
        return Path(location).read_bytes()
    except OSError as error:
        raise TimestampError(CERTIFICATE_UNREADABLE.format(path=location)) from error


def anchor_stamp(path: Path) -> dict:
    """Have the configured TSA stamp the anchor file. A TSA that is down or refuses costs the
    stamp, never the anchor: the file is written and mailed all the same, and the failure is
    logged and returned."""
    url = get_setting("ANCHOR_TSA_URL")
    if not url:
        return {}
    try:
        stamp = stamp_fetch(
            url,
            path.read_bytes(),
            timeout=get_setting("ANCHOR_TSA_TIMEOUT"),
            certificate=tsa_certificate(),
        )
    except TimestampError as error:
        logger.warning("anchor %s was not time-stamped by %s: %s", path.name, url, error)
        return {"stamp_error": str(error)}
    stamp_path(path).write_bytes(stamp.reply)
    return {"stamped_at": stamp.at.isoformat(), "stamp_serial": stamp.serial}


def anchor_recipients() -> list[str]:
    names = [role_name(role) for role in get_setting("ANCHOR_MAIL_ROLES")]
    users = get_user_model().objects.filter(is_active=True, groups__name__in=names)
    return sorted({u.email for u in users.exclude(email="")})


def anchor_mail(path: Path, statement: dict) -> int:
    """Mail the anchor to 网站专管员 and 组织部长: mailboxes the database cannot reach."""
    recipients = anchor_recipients()
    if not recipients:
        return 0
    data = path.read_bytes()
    heads = "\n".join(
        f"{CHAIN_NAMES[name]}：第{(part['head'] or {}).get('sequence', 0)}条，"
        f"封印 {(part['head'] or {}).get('seal', '-')}"
        for name, part in statement["chains"].items()
    )
    body = MAIL_BODY.format(
        at=statement["written_at"],
        heads=heads,
        hash=provider().hash_name.upper(),
        digest=provider().digest(data).hex(),
    )
    subject = MAIL_SUBJECT.format(date=statement["written_at"][:10])
    message = EmailMessage(subject, body, to=recipients)
    message.attach(path.name, data, "application/json")
    if stamp_path(path).exists():
        stamp = stamp_path(path)
        message.attach(stamp.name, stamp.read_bytes(), "application/timestamp-reply")
    return message.send()


def anchor_run(*, directory: Path | None = None, mail: bool = True) -> dict:
    directory = directory or (Path(d) if (d := get_setting("ANCHOR_DIR")) else None)
    if directory is None:
        raise ValueError(NO_DIRECTORY)
    path, statement = anchor_write(directory=directory)
    stamped = anchor_stamp(path)
    sent = anchor_mail(path, statement) if mail else 0
    return {"path": str(path), "mailed": sent, **stamped}


@task()
def anchor_write_task() -> dict:
    """The daily anchor, for the background worker (``manage.py write_anchors --enqueue``)."""
    return anchor_run()


# --------------------------------------------------------------------------- verifying


def anchors_read(directory: Path):
    for path in sorted(directory.glob(FILE_PATTERN)):
        try:
            yield path, json.loads(path.read_text())
        except (OSError, ValueError) as error:
            yield path, {"unreadable": str(error)}


def anchor_findings(directory: Path) -> list[str]:
    """What differs between the chains in the database and the anchors in ``directory``."""
    findings, anchored = [], {name: {} for name in CHAINS}
    for path, statement in anchors_read(directory):
        if "unreadable" in statement:
            findings.append(UNREADABLE.format(name=path.name, error=statement["unreadable"]))
        elif not signature_valid(statement):
            findings.append(BAD_SIGNATURE.format(name=path.name))
        else:
            _collect(anchored, path.name, statement)
            findings += _stamp_findings(path)
    for name in CHAINS:
        findings += _chain_findings(name, anchored[name])
    return findings


def _stamp_findings(path: Path) -> list[str]:
    """A stamp kept beside an anchor must be the TSA's, over this very file."""
    if not stamp_path(path).exists():
        return []
    try:
        stamp_check(stamp_path(path).read_bytes(), path.read_bytes(), certificate=tsa_certificate())
    except TimestampError as error:
        return [STAMP_INVALID.format(name=path.name, reason=error)]
    return []


def _collect(anchored: dict, file_name: str, statement: dict) -> None:
    version = statement["fingerprint_key_version"]
    size = seals.FINGERPRINT_CHARS
    for chain, part in statement["chains"].items():
        fields = part.get("fields", [])
        for sequence, short, at, joined in part["entries"]:
            prints = {name: joined[i * size : (i + 1) * size] for i, name in enumerate(fields)}
            anchored[chain][sequence] = Anchored(sequence, short, at, prints, version, file_name)


def _chain_findings(chain: str, anchored: dict[int, Anchored]) -> list[str]:
    findings, seen, first = [], set(), None
    for link in CHAINS[chain](since=0):
        first = link.sequence if first is None else first
        mark = anchored.get(link.sequence)
        seen.add(link.sequence)
        if mark is not None and link.seal[:SHORT_SEAL] != mark.short_seal:
            findings.append(_differs(chain, mark, link))
    for sequence in sorted(set(anchored) - seen):
        if chain in PURGEABLE and first is not None and sequence < first:
            continue  # purged after the retention period (cms.security.events)
        mark = anchored[sequence]
        findings.append(
            MISSING.format(chain=CHAIN_NAMES[chain], sequence=sequence, at=mark.at, name=mark.name)
        )
    return findings


def _differs(chain: str, mark: Anchored, link) -> str:
    now = seals.fingerprints(link.values, key_version=mark.fingerprint_version)
    changed = sorted(n for n, v in mark.fingerprints.items() if now.get(n) != v)
    content = [n for n in changed if n not in LINK_FIELDS]
    what = FIELDS_CHANGED.format(fields="、".join(content)) if content else ONLY_LINKS
    return DIFFERS.format(
        chain=CHAIN_NAMES[chain],
        sequence=mark.sequence,
        at=mark.at,
        name=mark.name,
        anchored=mark.short_seal,
        found=link.seal[:SHORT_SEAL],
        algorithm=release_log.scheme_label(link.algorithm, link.key_version),
        what=what,
    )
