"""Anchors outside the database (issue 15, R-11, R-14): someone with full database access but
no key rewrites an entry in raw SQL and recomputes every plain hash after it; the chain then
looks whole, and ``audit_releases --anchors`` still names the entry, its time and the field.
Runs on PostgreSQL too (the trigger is switched off the way its owner could)."""

import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from cms.core.crypto import seals
from cms.security import seals as event_seals
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent
from tests.workflows.chain import released
from tests.workflows.test_release_log import tamper
from workflows import anchors, release_log
from workflows.models import ReleaseLogEntry

pytestmark = pytest.mark.django_db


def audit(directory) -> str:
    out = io.StringIO()
    try:
        call_command("audit_releases", "--anchors", str(directory), stdout=out)
    except CommandError as error:
        return out.getvalue() + f"\nFAILED: {error}"
    return out.getvalue()


def rewrite_with_plain_hashes(sequence: int, **changes) -> None:
    """The attack: change one entry, then recompute every entry as an unkeyed SHA-256 chain,
    in SQL, the way the log looked before it had keys."""
    previous = release_log.GENESIS
    for entry in ReleaseLogEntry.objects.order_by("sequence"):
        for name, value in (changes if entry.sequence == sequence else {}).items():
            setattr(entry, name, value)
        entry.previous_sha256 = previous
        digest = seals.plain_hash(release_log.entry_values(entry))
        assignments = ", ".join(f"{name} = '{value}'" for name, value in changes.items())
        extra = f", {assignments}" if entry.sequence == sequence else ""
        tamper(
            "UPDATE workflows_releaselogentry SET seal_algorithm = 'sha256', "  # noqa: S608
            f"seal_key_version = NULL, previous_sha256 = '{previous}', "
            f"entry_sha256 = '{digest}'{extra} WHERE sequence = {entry.sequence}"
        )
        previous = digest


@pytest.fixture
def three_released(chain, specialist):
    for title in ("第一条", "第二条", "第三条"):
        released(chain, title)
    security_event_record(SecurityEvent.Kind.LOGIN_SUCCESS, username="minister")


def test_an_anchor_is_written_signed_and_mailed_to_the_specialist_and_the_minister(
    three_released, tmp_path, chain, specialist
):
    done = anchors.anchor_run(directory=tmp_path)

    statement = json.loads((tmp_path / done["path"].rsplit("/", 1)[1]).read_text())
    assert statement["chains"]["release_log"]["head"]["sequence"] == 3
    assert statement["chains"]["release_log"]["head"]["algorithm"] == "hmac-sm3"
    assert statement["signature"]["algorithm"] == "hmac-sm3"
    assert anchors.signature_valid(statement)
    assert "第二条" not in json.dumps(statement, ensure_ascii=False)  # fingerprints, not content
    assert sorted(mail.outbox[0].to) == sorted([chain.minister.email, specialist.email])
    assert mail.outbox[0].attachments[0][0].startswith("anchor-")
    assert "intact, and agree with the anchors" in audit(tmp_path)


def test_the_next_anchor_names_only_what_was_appended_since(three_released, tmp_path, chain):
    anchors.anchor_run(directory=tmp_path, mail=False)
    released(chain, "第四条")
    _, statement = anchors.anchor_write(directory=tmp_path)
    part = statement["chains"]["release_log"]
    # The release of the fourth item appended entry 4 (its approvals logged events too).
    assert part["since"] == 3
    assert [entry[0] for entry in part["entries"]] == [4]


def test_a_sql_rewrite_with_every_plain_hash_recomputed_is_named_through_the_anchors(
    three_released, tmp_path
):
    anchors.anchor_run(directory=tmp_path, mail=False)
    recorded_at = ReleaseLogEntry.objects.get(sequence=2).recorded_at

    rewrite_with_plain_hashes(2, article_title="改写后的标题")

    assert ReleaseLogEntry.objects.get(sequence=2).article_title == "改写后的标题"
    assert release_log.verify_chain() == []  # the old, unkeyed check sees nothing
    report = audit(tmp_path)
    assert "FAILED" in report
    named = [line for line in report.splitlines() if "信息发布日志第2条" in line]
    assert len(named) == 1
    assert recorded_at.isoformat() in named[0]
    assert "被改动的字段：article_title" in named[0]
    assert "信息发布日志第1条" in report  # its seal changed too, its content did not:
    assert "内容未变，仅链接与封印被重算" in report


def test_a_rewrite_that_keeps_the_keyed_algorithm_is_found_even_without_anchors(
    three_released, tmp_path
):
    tamper("UPDATE workflows_releaselogentry SET actor_name = '他人' WHERE sequence = 3")
    report = audit(tmp_path)
    assert "release log: 第3条" in report and "内容与封印不符" in report


def test_a_security_event_rewritten_with_plain_hashes_is_named_through_the_anchors(
    three_released, tmp_path
):
    anchors.anchor_run(directory=tmp_path, mail=False)
    event = SecurityEvent.objects.get(username="minister", kind="login_success")
    event.username = "someone_else"
    event.seal_algorithm, event.seal_key_version = "sha256", None
    forged = seals.plain_hash(event_seals.event_values(event))
    tamper(
        "UPDATE cms_securityevent SET username = 'someone_else', seal_algorithm = 'sha256',"  # noqa: S608
        f" seal_key_version = NULL, seal = '{forged}' WHERE id = {event.pk}"
    )

    report = audit(tmp_path)
    assert f"安全事件第{event.sequence}条" in report
    assert "被改动的字段：username" in report


def test_an_altered_or_forged_anchor_is_refused(three_released, tmp_path):
    done = anchors.anchor_run(directory=tmp_path, mail=False)
    path = tmp_path / done["path"].rsplit("/", 1)[1]
    statement = json.loads(path.read_text())
    statement["chains"]["release_log"]["entries"][1][1] = "0" * 16
    path.write_text(json.dumps(statement))

    report = audit(tmp_path)
    assert f"锚点文件 {path.name} 的签名不符" in report


def test_a_removed_last_entry_is_named_through_the_anchors(three_released, tmp_path):
    anchors.anchor_run(directory=tmp_path, mail=False)
    tamper("DELETE FROM workflows_releaselogentry WHERE sequence = 3")
    report = audit(tmp_path)
    assert "信息发布日志第3条" in report and "已不存在" in report


def test_write_anchors_refuses_without_a_directory(settings):
    settings.XIUYING = {**settings.XIUYING, "ANCHOR_DIR": ""}
    with pytest.raises(CommandError, match="未配置锚点目录"):
        call_command("write_anchors", stdout=io.StringIO())


def test_write_anchors_writes_on_demand_and_through_the_worker(three_released, tmp_path, settings):
    call_command("write_anchors", "--dir", str(tmp_path / "now"), "--no-mail", stdout=io.StringIO())
    assert len(list((tmp_path / "now").glob("anchor-*.json"))) == 1
    assert not mail.outbox

    settings.XIUYING = {**settings.XIUYING, "ANCHOR_DIR": str(tmp_path / "daily")}
    call_command("write_anchors", "--enqueue", stdout=io.StringIO())  # tests run jobs at once
    assert len(list((tmp_path / "daily").glob("anchor-*.json"))) == 1
    assert len(mail.outbox) == 1


@pytest.fixture
def stamping(tsa, settings, tmp_path):
    certificate = tmp_path / "tsa.pem"
    certificate.write_bytes(tsa.certificate_pem)
    settings.XIUYING = {
        **settings.XIUYING,
        "ANCHOR_TSA_URL": tsa.url,
        "ANCHOR_TSA_CERTIFICATE": str(certificate),
        "ANCHOR_TSA_TIMEOUT": 5,
    }
    return tsa


def test_a_configured_authority_stamps_each_anchor_and_the_audit_checks_the_stamp(
    three_released, stamping, tmp_path, chain, specialist
):
    anchor_dir = tmp_path / "anchors"
    done = anchors.anchor_run(directory=anchor_dir)

    path = anchor_dir / done["path"].rsplit("/", 1)[1]
    assert done["stamp_serial"] == 1 and done["stamped_at"]
    assert anchors.stamp_path(path).exists()
    assert [name for name, *_ in mail.outbox[0].attachments] == [path.name, path.name + ".tsr"]
    assert "intact, and agree with the anchors" in audit(anchor_dir)

    other = anchors.anchor_run(directory=anchor_dir, mail=False)  # the next day's anchor
    second = anchor_dir / other["path"].rsplit("/", 1)[1]
    anchors.stamp_path(path).write_bytes(anchors.stamp_path(second).read_bytes())
    report = audit(anchor_dir)
    assert "FAILED" in report
    assert f"锚点文件 {path.name} 的时间戳（RFC 3161）不成立：时间戳所签的摘要与文件不符" in report


def test_an_authority_that_is_down_costs_the_stamp_not_the_anchor(
    three_released, stamping, tmp_path, chain, specialist, caplog
):
    stamping.status = "rejection"
    done = anchors.anchor_run(directory=tmp_path)

    path = tmp_path / done["path"].rsplit("/", 1)[1]
    assert path.exists() and not anchors.stamp_path(path).exists()
    assert done["stamp_error"] == "时间戳服务拒绝签发（rejection）"
    assert len(mail.outbox) == 1
    assert "was not time-stamped" in caplog.text
    assert "intact, and agree with the anchors" in audit(tmp_path)


def test_an_unreadable_certificate_costs_the_stamp_and_says_which_file(
    three_released, stamping, settings, tmp_path
):
    missing = str(tmp_path / "no-such.pem")
    settings.XIUYING = {**settings.XIUYING, "ANCHOR_TSA_CERTIFICATE": missing}
    done = anchors.anchor_run(directory=tmp_path / "anchors", mail=False)

    assert done["stamp_error"] == f"时间戳服务的证书文件 {missing} 无法读取"
    assert stamping.serial == 0
