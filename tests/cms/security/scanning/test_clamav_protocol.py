"""Client behaviour that needs no clamd: URL parsing, reply parsing, unreachable
daemons, and -- with a tiny fake server -- malformed or missing replies only.
(Detection itself is tested against a real clamd in test_clamav_live.py.)
"""

from __future__ import annotations

import io
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from cms.security.clamav import (
    MSG_INFECTED,
    MSG_LIMITS_EXCEEDED,
    MSG_SCAN_ERROR,
    MSG_TOO_LARGE_FOR_SCAN,
    MSG_UNAVAILABLE,
    ClamdAddress,
    ClamdClient,
    ClamdError,
    ScanError,
    ScannerUnavailable,
    ScanSizeLimitExceeded,
    ScanVerdict,
    VirusFound,
    parse_clamd_url,
    parse_scan_reply,
)

# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "unix:///srv/xiuying-clamd/clamd.ctl",
            ClamdAddress(unix_path="/srv/xiuying-clamd/clamd.ctl"),
        ),
        ("unix://localhost/run/clamav/clamd.ctl", ClamdAddress(unix_path="/run/clamav/clamd.ctl")),
        ("unix:/run/clamav/clamd.ctl", ClamdAddress(unix_path="/run/clamav/clamd.ctl")),
        ("/run/clamav/clamd.ctl", ClamdAddress(unix_path="/run/clamav/clamd.ctl")),
        ("unix:///srv/with%20space.ctl", ClamdAddress(unix_path="/srv/with space.ctl")),
        ("clamd://127.0.0.1:3310", ClamdAddress(host="127.0.0.1", port=3310)),
        ("clamd://clamav.internal", ClamdAddress(host="clamav.internal", port=3310)),
        ("tcp://127.0.0.1:3311/", ClamdAddress(host="127.0.0.1", port=3311)),
        ("CLAMD://[::1]:3310", ClamdAddress(host="::1", port=3310)),
        ("  clamd://127.0.0.1:3310  ", ClamdAddress(host="127.0.0.1", port=3310)),
    ],
)
def test_parse_clamd_url(url, expected):
    assert parse_clamd_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        "clamd.ctl",
        "unix://relative/clamd.ctl",
        "http://127.0.0.1:3310",
        "clamd://",
        "clamd://127.0.0.1:notaport",
        "clamd://127.0.0.1:0",
        "clamd://127.0.0.1:3310/path",
        "clamd://127.0.0.1:3310?x=1",
    ],
)
def test_parse_clamd_url_rejects(url):
    with pytest.raises(ValueError):
        parse_clamd_url(url)


def test_address_str_round_trips():
    for url in ("unix:///run/clamav/clamd.ctl", "clamd://127.0.0.1:3310", "clamd://[::1]:3310"):
        assert str(parse_clamd_url(url)) == url
    with pytest.raises(ValueError):
        ClamdAddress()
    with pytest.raises(ValueError):
        ClamdAddress(unix_path="/x", host="y")


def test_client_validates_its_configuration():
    with pytest.raises(ValueError):
        ClamdClient("clamd://127.0.0.1", timeout=0)
    with pytest.raises(ValueError):
        ClamdClient("clamd://127.0.0.1", chunk_size=0)
    with pytest.raises(ValueError):
        ClamdClient("ftp://x")
    client = ClamdClient(ClamdAddress(host="127.0.0.1"))
    assert "clamd://127.0.0.1:3310" in repr(client)


# --------------------------------------------------------------------------- replies


def test_parse_clean_reply():
    verdict = parse_scan_reply("stream: OK", size=10, duration=0.5)
    assert verdict == ScanVerdict("clean", (), "stream: OK", 10, 0.5)
    assert verdict.is_clean
    assert not verdict.is_infected
    assert verdict.user_message is None
    assert parse_scan_reply("stream: OK\0").is_clean


@pytest.mark.parametrize(
    ("reply", "signatures"),
    [
        ("stream: Eicar-Test-Signature FOUND", ("Eicar-Test-Signature",)),
        ("stream: Eicar-Test-Signature.UNOFFICIAL FOUND\0", ("Eicar-Test-Signature.UNOFFICIAL",)),
        ("stream: Win.Test.EICAR_HDB-1 FOUND", ("Win.Test.EICAR_HDB-1",)),
        ("stream: A FOUND\0stream: B FOUND\0", ("A", "B")),  # AllMatchScanning
        ("stream: A FOUND\0stream: Can't allocate memory ERROR\0", ("A",)),
    ],
)
def test_parse_found_reply(reply, signatures):
    verdict = parse_scan_reply(reply)
    assert verdict.status == "infected"
    assert verdict.signatures == signatures
    assert verdict.signature == signatures[0]
    assert verdict.user_message == MSG_INFECTED.format(signature="、".join(signatures))
    assert verdict.user_message.startswith("文件未通过病毒扫描（检出：")


def test_limits_exceeded_is_refused_with_its_own_message():
    verdict = parse_scan_reply("stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND")
    assert verdict.is_infected
    assert verdict.limits_exceeded
    assert verdict.user_message == MSG_LIMITS_EXCEEDED


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ("INSTREAM size limit exceeded. ERROR", ScanSizeLimitExceeded),
        ("stream: Can't allocate memory ERROR", ScanError),
        ("COMMAND READ TIMED OUT", ScanError),
        ("UNKNOWN COMMAND", ScanError),
        ("stream: FOUND", ScanError),
        ("stream: ok", ScanError),
        ("stream: OK\0stream: OK\0", ScanError),
        ("stream: OK\0garbage", ScanError),
        ("", ScanError),
        ("\0\0", ScanError),
    ],
)
def test_parse_error_replies(reply, error):
    with pytest.raises(error) as info:
        parse_scan_reply(reply)
    assert info.value.reply == reply
    expected = MSG_TOO_LARGE_FOR_SCAN if error is ScanSizeLimitExceeded else MSG_SCAN_ERROR
    assert info.value.user_message == expected


def test_virus_found_carries_the_verdict():
    verdict = parse_scan_reply("stream: Eicar-Test-Signature FOUND")
    error = VirusFound(verdict)
    assert isinstance(error, ClamdError)
    assert error.verdict is verdict
    assert error.user_message == "文件未通过病毒扫描（检出：Eicar-Test-Signature），已拒绝上传。"


# --------------------------------------------------------------------------- unreachable


def _free_tcp_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_tcp_port_is_unavailable():
    client = ClamdClient(f"clamd://127.0.0.1:{_free_tcp_port()}", connect_timeout=2)
    with pytest.raises(ScannerUnavailable) as info:
        client.scan_stream(b"data")
    assert info.value.user_message == MSG_UNAVAILABLE
    assert "病毒扫描服务暂不可用" in info.value.user_message
    with pytest.raises(ScannerUnavailable):
        client.ping()
    assert client.is_available() is False


def test_missing_unix_socket_is_unavailable(tmp_path):
    client = ClamdClient(f"unix://{tmp_path}/nothing.ctl")
    with pytest.raises(ScannerUnavailable):
        client.scan_stream(io.BytesIO(b"data"))


def test_unix_socket_without_listener_is_unavailable():
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind("\0xiuying-clamd-test-no-listener")  # abstract namespace, no file
        client = ClamdClient(ClamdAddress(unix_path="\0xiuying-clamd-test-no-listener"))
        with pytest.raises(ScannerUnavailable):
            client.scan_stream(b"data")


# --------------------------------------------------------------------------- fake server


def _recv_exact(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        piece = conn.recv(size - len(data))
        if not piece:
            raise ConnectionError("client closed early")
        data += piece
    return data


def read_instream(conn: socket.socket) -> tuple[bytes, list[bytes]]:
    """Read a z-command and, for INSTREAM, its length-prefixed chunks."""
    command = b""
    while not command.endswith(b"\0"):
        command += _recv_exact(conn, 1)
    chunks = []
    if command == b"zINSTREAM\0":
        while True:
            (length,) = struct.unpack(">I", _recv_exact(conn, 4))
            if length == 0:
                break
            chunks.append(_recv_exact(conn, length))
    return command, chunks


@contextmanager
def fake_clamd(handler: Callable[[socket.socket], None]) -> Iterator[str]:
    """Serve one connection on 127.0.0.1 with ``handler``; yields the clamd URL."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(10)
    errors: list[BaseException] = []

    def serve() -> None:
        try:
            conn, _ = server.accept()
            with conn:
                conn.settimeout(10)
                handler(conn)
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"clamd://127.0.0.1:{server.getsockname()[1]}"
    finally:
        thread.join(timeout=15)
        server.close()
    assert not errors, errors


def test_instream_framing_on_the_wire():
    received: dict[str, object] = {}

    def handler(conn):
        received["command"], received["chunks"] = read_instream(conn)
        conn.sendall(b"stream: OK\0")

    with fake_clamd(handler) as url:
        verdict = ClamdClient(url).scan_stream(b"0123456789", chunk_size=4)
    assert received == {"command": b"zINSTREAM\0", "chunks": [b"0123", b"4567", b"89"]}
    assert verdict.is_clean
    assert verdict.size == 10


@pytest.mark.parametrize(
    "reply",
    [b"HELLO\0", b"stream: MAYBE\0", b"\xff\xfe\0", b"stream: OK trailing\0", b"x" * 70_000],
)
def test_malformed_reply_is_an_error(reply):
    def handler(conn):
        read_instream(conn)
        conn.sendall(reply)

    with fake_clamd(handler) as url, pytest.raises(ScanError):
        ClamdClient(url).scan_stream(b"data")


def test_connection_closed_without_reply_is_an_error():
    with fake_clamd(read_instream) as url, pytest.raises(ScanError) as info:
        ClamdClient(url).scan_stream(b"data")
    assert info.value.user_message == MSG_SCAN_ERROR


def test_silent_server_times_out_as_unavailable():
    def handler(conn):
        read_instream(conn)
        time.sleep(1.5)

    with fake_clamd(handler) as url, pytest.raises(ScannerUnavailable) as info:
        ClamdClient(url, timeout=0.5).scan_stream(b"data")
    assert "timed out" in str(info.value)


def test_server_that_hangs_up_mid_stream_is_unavailable():
    def handler(conn):
        _recv_exact(conn, len(b"zINSTREAM\0") + 4)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST

    big = (memoryview(bytes(1024 * 1024)) for _ in range(64))
    with fake_clamd(handler) as url, pytest.raises(ScannerUnavailable) as info:
        ClamdClient(url).scan_stream(big)
    assert "closed the connection" in str(info.value)


def test_unexpected_ping_reply():
    def handler(conn):
        read_instream(conn)
        conn.sendall(b"PANG\0")

    with fake_clamd(handler) as url, pytest.raises(ScanError):
        ClamdClient(url).ping()


# --------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("bad", ["text", io.StringIO("text"), 42])
def test_non_binary_input_is_rejected_before_connecting(bad):
    client = ClamdClient(f"clamd://127.0.0.1:{_free_tcp_port()}")
    with pytest.raises(TypeError):
        client.scan_stream(bad)
