"""RFC 3161 time-stamps (issue 15, R-11): a time-stamping authority (TSA) countersigns the digest
of a file, so that a third party attests when the file existed and what it held. The anchors of
the sealed chains are stamped when a TSA is configured (``workflows/anchors.py``).

rfc3161-client (Trail of Bits, on pyca/cryptography) builds the request, reads the reply and
verifies it: the signature, the signer's time-stamping certificate and its chain to the roots the
site trusts, the nonce and the digest. A stamp is only ever kept or accepted once verified, so a
site that names a TSA must also name its certificate.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

logger = logging.getLogger(__name__)

QUERY_TYPE = "application/timestamp-query"

NO_CERTIFICATE = "未配置时间戳服务的证书（XIUYING_ANCHOR_TSA_CERTIFICATE），时间戳无法核验"
UNREACHABLE = "时间戳服务无法访问：{error}"
NOT_GRANTED = "时间戳服务拒绝签发（{status}）"
NOT_A_STAMP = "时间戳文件无法解析"
WRONG_DIGEST = "时间戳所签的摘要与文件不符"
NOT_VERIFIED = "时间戳的签名或签发证书不成立"


class TimestampError(Exception):
    """A stamp that could not be had or does not hold; the message is for users (Chinese)."""


@dataclass(frozen=True)
class Stamp:
    reply: bytes  # the TSA's whole DER ``TimeStampResp``, kept beside the stamped file
    at: datetime  # the TSA's time (``genTime``)
    serial: int


def stamp_fetch(url: str, data: bytes, *, timeout: float, certificate: bytes | None) -> Stamp:
    """Ask the TSA at ``url`` to stamp ``data``; the reply is verified before it is kept."""
    if certificate is None:
        raise TimestampError(NO_CERTIFICATE)
    request = TimestampRequestBuilder(data=data, hash_algorithm=HashAlgorithm.SHA256).build()
    try:
        response = httpx.post(
            url,
            content=request.as_bytes(),
            headers={"Content-Type": QUERY_TYPE},
            timeout=timeout,
        )
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise TimestampError(UNREACHABLE.format(error=error)) from error
    return stamp_check(response.content, data, certificate=certificate, nonce=request.nonce)


def stamp_check(
    reply: bytes, data: bytes, *, certificate: bytes | None, nonce: int | None = None
) -> Stamp:
    """The stamp in ``reply`` if a TSA whose chain ends in the PEM ``certificate`` (one or more
    root certificates) granted and signed it for ``data``."""
    if certificate is None:
        raise TimestampError(NO_CERTIFICATE)
    try:
        response = decode_timestamp_response(reply)
    except ValueError as error:
        raise TimestampError(NOT_A_STAMP) from error
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        raise TimestampError(NOT_GRANTED.format(status=PKIStatus(response.status).name.lower()))
    info = response.tst_info
    builder = VerifierBuilder(nonce=nonce)
    for root in x509.load_pem_x509_certificates(certificate):
        builder = builder.add_root_certificate(root)
    try:
        builder.build().verify_message(response, data)
    except VerificationError as error:
        logger.warning("time-stamp %s does not verify: %s", info.serial_number, error)
        raise TimestampError(_refusal(info, data)) from error
    return Stamp(reply=reply, at=info.gen_time, serial=info.serial_number)


def _refusal(info, data: bytes) -> str:
    """Which of the two a user can act on: the file changed, or the stamp is not the TSA's."""
    algorithm = {
        "2.16.840.1.101.3.4.2.1": hashes.SHA256,
        "2.16.840.1.101.3.4.2.2": hashes.SHA384,
        "2.16.840.1.101.3.4.2.3": hashes.SHA512,
    }.get(info.message_imprint.hash_algorithm.dotted_string)
    if algorithm is not None:
        digest = hashes.Hash(algorithm())
        digest.update(data)
        if digest.finalize() != info.message_imprint.message:
            return WRONG_DIGEST
    return NOT_VERIFIED
