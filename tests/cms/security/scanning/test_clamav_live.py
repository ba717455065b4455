"""The clamd client against a REAL clamd (started by .ci/clamav.sh, EICAR-only database)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from cms.security.clamav import (
    MSG_TOO_LARGE_FOR_SCAN,
    MSG_UNAVAILABLE,
    ClamdClient,
    ScannerUnavailable,
    ScanSizeLimitExceeded,
    VirusFound,
)

from .samples import eicar, make_image, make_ooxml, make_pdf, png_with_text_chunk

EICAR_NAME = "Eicar-Test-Signature"  # reported as "Eicar-Test-Signature.UNOFFICIAL"
MIB = 1024 * 1024


def _stream_max() -> int:
    """clamd's StreamMaxLength as .ci/clamav.sh writes it (CLAMD_STREAM_MAX, default 100M)."""
    value = os.environ.get("CLAMD_STREAM_MAX", "100M").strip().upper()
    factor = {"K": 1024, "M": MIB}.get(value[-1:], 1)
    return int(value.rstrip("KM")) * factor


STREAM_MAX = _stream_max()


def assert_eicar(verdict):
    assert verdict.status == "infected"
    assert not verdict.is_clean
    assert verdict.signature is not None
    assert verdict.signature.startswith(EICAR_NAME)
    assert verdict.user_message == f"文件未通过病毒扫描（检出：{verdict.signature}），已拒绝上传。"


def test_ping_and_version(clamd):
    clamd.ping()
    assert clamd.is_available()
    assert clamd.version().startswith("ClamAV ")


def test_plain_eicar_is_infected(clamd):
    verdict = clamd.scan_stream(eicar())
    assert_eicar(verdict)
    assert verdict.size == 68
    assert verdict.raw_reply.startswith("stream: Eicar-Test-Signature")


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda e: make_pdf(e), id="pdf-stream"),
        pytest.param(lambda e: make_pdf(e, compress=True), id="pdf-flate-compressed-stream"),
        pytest.param(png_with_text_chunk, id="png-text-chunk"),
        pytest.param(lambda e: make_image("PNG") + e + b"trailing" * 64, id="png-then-trailer"),
        pytest.param(
            lambda e: b"\x89PNG\r\n\x1a\n" + os.urandom(4000) + e + os.urandom(4000),
            id="png-like-bytes-before-and-after",
        ),
        pytest.param(
            lambda e: make_ooxml("docx", body=b"<w:document>" + e + b"</w:document>"),
            id="docx-deflated",
        ),
    ],
)
def test_eicar_embedded_in_a_larger_file_is_infected(clamd, build):
    data = build(eicar())
    assert len(data) > 68
    assert_eicar(clamd.scan_stream(data))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(make_pdf(), id="pdf"),
        pytest.param(make_image("PNG"), id="png"),
        pytest.param(make_image("JPEG"), id="jpeg"),
        pytest.param(make_ooxml("docx"), id="docx"),
        pytest.param("秀英党建网通知\n".encode(), id="text"),
        pytest.param(b"", id="empty"),
    ],
)
def test_clean_files_are_clean(clamd, data):
    verdict = clamd.scan_stream(data)
    assert verdict.status == "clean"
    assert verdict.is_clean
    assert verdict.signature is None
    assert verdict.user_message is None
    assert verdict.raw_reply == "stream: OK"
    assert verdict.size == len(data)


def test_large_clean_file_streams_in_many_chunks(clamd):
    data = os.urandom(10 * MIB)
    verdict = clamd.scan_stream(data, chunk_size=256 * 1024)
    assert verdict.is_clean
    assert verdict.size == 10 * MIB


def test_eicar_split_across_chunk_boundary_is_found(clamd):
    chunk = 64 * 1024
    data = os.urandom(3 * chunk)
    data = data[: 2 * chunk - 30] + eicar() + data[2 * chunk - 30 + 68 :]
    assert_eicar(clamd.scan_stream(data, chunk_size=chunk))


def test_file_object_is_scanned_from_its_position_which_is_restored(clamd):
    upload = io.BytesIO(make_pdf(eicar()))
    assert_eicar(clamd.scan_stream(upload))
    assert upload.tell() == 0

    upload = io.BytesIO(b"harmless prefix " + make_pdf())
    upload.seek(16)
    assert clamd.scan_stream(upload).is_clean
    assert upload.tell() == 16


def test_real_file_and_chunk_iterable(clamd, tmp_path):
    path = tmp_path / "upload.bin"
    path.write_bytes(os.urandom(MIB) + eicar())
    with path.open("rb") as handle:
        assert_eicar(clamd.scan_stream(handle, chunk_size=100_000))

    # Like Django's UploadedFile.chunks(): pieces of any size, empty ones included.
    pieces = [b"", make_pdf()[:100], b"", make_pdf()[100:], b""]
    assert clamd.scan_stream(iter(pieces), chunk_size=7).is_clean


def test_tcp_listener(clamd_tcp):
    assert_eicar(clamd_tcp.scan_stream(make_pdf(eicar())))
    assert clamd_tcp.scan_stream(make_pdf()).is_clean


@pytest.mark.parametrize("fixture", ["clamd", "clamd_tcp"])
def test_stream_over_the_size_limit_is_an_error(request, fixture):
    client: ClamdClient = request.getfixturevalue(fixture)
    block = memoryview(bytes(MIB))
    chunks = (block for _ in range(STREAM_MAX // MIB + 2))
    with pytest.raises(ScanSizeLimitExceeded) as info:
        client.scan_stream(chunks, chunk_size=MIB)
    assert "size limit exceeded" in str(info.value)
    assert info.value.user_message == MSG_TOO_LARGE_FOR_SCAN


def test_ensure_clean(clamd):
    assert clamd.ensure_clean(make_pdf()).is_clean
    with pytest.raises(VirusFound) as info:
        clamd.ensure_clean(png_with_text_chunk(eicar()))
    assert info.value.verdict.signature.startswith(EICAR_NAME)
    assert "已拒绝上传" in info.value.user_message


def test_stopped_daemon_fails_closed(private_clamd):
    """Scan through a daemon started by the script, stop it: ScannerUnavailable."""
    client = private_clamd.client(timeout=10, connect_timeout=2)
    assert_eicar(client.scan_stream(eicar()))

    stopped = private_clamd.script("stop")
    assert stopped.returncode == 0, stopped.stderr
    assert not Path(private_clamd.socket_path).exists()
    assert private_clamd.script("status").returncode == 1

    with pytest.raises(ScannerUnavailable) as info:
        client.scan_stream(eicar())
    assert info.value.user_message == MSG_UNAVAILABLE
    with pytest.raises(ScannerUnavailable):
        client.scan_stream(make_pdf())
    with pytest.raises(ScannerUnavailable):
        client.ping()
    assert not client.is_available()
