"""RFC 3161 time-stamps (issue 15, R-11): a stamp is kept only when the TSA granted it for these
very bytes and signed it with the trusted certificate; anything else is refused in Chinese."""

from datetime import UTC, datetime

import pytest

from cms.core.crypto.timestamps import (
    NO_CERTIFICATE,
    NOT_GRANTED,
    NOT_VERIFIED,
    WRONG_DIGEST,
    TimestampError,
    stamp_check,
    stamp_fetch,
)
from tests.cms.core.crypto.tsa import Authority

ANCHOR = b'{"format":"xiuying-anchor/1","chains":{}}'


def test_a_granted_stamp_names_the_authority_its_time_and_serial(tsa):
    stamp = stamp_fetch(tsa.url, ANCHOR, timeout=5, certificate=tsa.certificate_pem)

    assert stamp.serial == 1
    assert abs((stamp.at - datetime.now(UTC)).total_seconds()) < 60
    again = stamp_check(stamp.reply, ANCHOR, certificate=tsa.certificate_pem)
    assert (again.serial, again.at) == (stamp.serial, stamp.at)


def test_a_stamp_of_other_bytes_does_not_hold(tsa):
    stamp = stamp_fetch(tsa.url, ANCHOR, timeout=5, certificate=tsa.certificate_pem)

    with pytest.raises(TimestampError, match=WRONG_DIGEST):
        stamp_check(stamp.reply, ANCHOR + b" ", certificate=tsa.certificate_pem)


def test_a_stamp_from_another_authority_is_refused(tsa):
    stamp = stamp_fetch(tsa.url, ANCHOR, timeout=5, certificate=tsa.certificate_pem)

    with pytest.raises(TimestampError, match=NOT_VERIFIED):
        stamp_check(stamp.reply, ANCHOR, certificate=Authority(name="别的服务").certificate_pem)


def test_no_stamp_is_asked_for_or_accepted_without_the_authoritys_certificate(tsa):
    stamp = stamp_fetch(tsa.url, ANCHOR, timeout=5, certificate=tsa.certificate_pem)

    with pytest.raises(TimestampError, match=NO_CERTIFICATE):
        stamp_fetch(tsa.url, ANCHOR, timeout=5, certificate=None)
    with pytest.raises(TimestampError, match=NO_CERTIFICATE):
        stamp_check(stamp.reply, ANCHOR, certificate=None)
    assert tsa.serial == 1  # the refused request never reached the authority


def test_a_stamp_whose_signature_was_altered_is_refused(tsa):
    stamp = stamp_fetch(tsa.url, ANCHOR, timeout=5, certificate=tsa.certificate_pem)
    reply = bytearray(stamp.reply)
    reply[-5] ^= 0x01  # inside the ECDSA signature, the last field of the reply

    with pytest.raises(TimestampError, match=NOT_VERIFIED):
        stamp_check(bytes(reply), ANCHOR, certificate=tsa.certificate_pem)


def test_a_refusal_and_an_unreachable_authority_are_said_in_chinese(tsa):
    tsa.status = "rejection"
    with pytest.raises(TimestampError, match=NOT_GRANTED.format(status="rejection")):
        stamp_fetch(tsa.url, ANCHOR, timeout=5, certificate=tsa.certificate_pem)
    with pytest.raises(TimestampError, match="时间戳服务无法访问"):
        stamp_fetch("http://127.0.0.1:9/tsa", ANCHOR, timeout=2, certificate=tsa.certificate_pem)


def test_a_file_that_is_no_stamp_is_said_so():
    with pytest.raises(TimestampError, match="时间戳文件无法解析"):
        stamp_check(b"not a time-stamp", ANCHOR, certificate=Authority().certificate_pem)
