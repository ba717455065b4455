"""A small client for ClamAV's clamd daemon (regulation R-15: virus-scan every upload).

Only the parts of the clamd protocol that uploads need are implemented:
``PING``, ``VERSION`` and ``INSTREAM`` (the file is streamed to clamd in
length-prefixed chunks, so clamd never needs access to our files).

The module is deliberately framework-free: configuration (the clamd URL and
timeouts) is passed in by the caller; a Django layer reads it from settings.

Failure policy is *fail closed*: anything other than a well-formed
``stream: OK`` reply is either an infected verdict or an exception, so a caller
that only stores files for which :attr:`ScanVerdict.is_clean` is true can never
store an unscanned file. Every exception carries a ``user_message`` in Chinese
that can be shown to the uploader; log messages are in English.

Example::

    client = ClamdClient("unix:///tmp/xiuying-clamd/clamd.ctl", timeout=60)
    try:
        client.ensure_clean(uploaded_file)
    except ClamdError as exc:
        reject(exc.user_message)
"""

from __future__ import annotations

import io
import logging
import socket
import struct
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final, Literal, Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

DEFAULT_PORT: Final = 3310
DEFAULT_TIMEOUT: Final = 60.0
DEFAULT_CONNECT_TIMEOUT: Final = 5.0
DEFAULT_CHUNK_SIZE: Final = 256 * 1024
#: clamd's chunk length field is an unsigned 32-bit integer.
MAX_CHUNK_SIZE: Final = 2**32 - 1
#: Upper bound for a reply; clamd's replies are a few dozen bytes.
MAX_REPLY_SIZE: Final = 64 * 1024

#: Prefix of the signatures clamd reports (with ``AlertExceedsMax yes``) for
#: files it could not scan completely because of its size/recursion/time limits.
LIMITS_EXCEEDED_PREFIX: Final = "Heuristics.Limits.Exceeded"

# User-facing messages (Simplified Chinese).
MSG_INFECTED: Final = "文件未通过病毒扫描（检出：{signature}），已拒绝上传。"
MSG_LIMITS_EXCEEDED: Final = "文件过大或结构过于复杂，病毒扫描无法完整检查，为安全起见已拒绝上传。"
MSG_UNAVAILABLE: Final = "病毒扫描服务暂不可用，为安全起见已拒绝上传，请稍后重试或联系网站专管员。"
MSG_SCAN_ERROR: Final = "病毒扫描未能完成，为安全起见已拒绝上传，请稍后重试或联系网站专管员。"
MSG_TOO_LARGE_FOR_SCAN: Final = "文件超过病毒扫描允许的大小上限，已拒绝上传。"

_CLEAN_REPLY: Final = "stream: OK"
_STREAM_PREFIX: Final = "stream: "
_FOUND_SUFFIX: Final = " FOUND"
_ERROR_SUFFIX: Final = " ERROR"
_END_OF_STREAM: Final = struct.pack(">I", 0)


# --------------------------------------------------------------------------- errors


class ClamdError(Exception):
    """Base class: the upload must be refused; show ``user_message`` to the user."""

    user_message: str = MSG_SCAN_ERROR

    def __init__(self, message: str, *, reply: str | None = None) -> None:
        super().__init__(message)
        self.reply = reply


class ScannerUnavailable(ClamdError):
    """clamd could not be reached or did not answer in time (fail closed)."""

    user_message = MSG_UNAVAILABLE


class ScanError(ClamdError):
    """clamd answered, but with an error or a reply we do not understand."""

    user_message = MSG_SCAN_ERROR


class ScanSizeLimitExceeded(ScanError):
    """The stream was larger than clamd's ``StreamMaxLength``."""

    user_message = MSG_TOO_LARGE_FOR_SCAN


class VirusFound(ClamdError):
    """Raised by :meth:`ClamdClient.ensure_clean` for an infected verdict."""

    def __init__(self, verdict: ScanVerdict) -> None:
        super().__init__(f"clamd found {', '.join(verdict.signatures)}", reply=verdict.raw_reply)
        self.verdict = verdict
        self.user_message = verdict.user_message or MSG_SCAN_ERROR


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class ClamdAddress:
    """Where clamd listens: a unix socket path, or a TCP host and port."""

    unix_path: str | None = None
    host: str | None = None
    port: int = DEFAULT_PORT

    def __post_init__(self) -> None:
        if (self.unix_path is None) == (self.host is None):
            raise ValueError("ClamdAddress needs exactly one of unix_path or host")
        if not 0 < self.port < 65536:
            raise ValueError(f"invalid clamd port: {self.port}")

    def __str__(self) -> str:
        if self.unix_path is not None:
            return f"unix://{self.unix_path}"
        host = f"[{self.host}]" if self.host and ":" in self.host else self.host
        return f"clamd://{host}:{self.port}"


@dataclass(frozen=True)
class ScanVerdict:
    """The outcome of a completed scan: ``clean`` or ``infected``.

    Scans that did not complete raise a :class:`ClamdError` instead.
    """

    status: Literal["clean", "infected"]
    signatures: tuple[str, ...] = ()
    raw_reply: str = ""
    #: Number of bytes streamed to clamd.
    size: int = 0
    #: Wall-clock seconds for connect + stream + reply.
    duration: float = 0.0

    @property
    def is_clean(self) -> bool:
        return self.status == "clean" and not self.signatures

    @property
    def is_infected(self) -> bool:
        return not self.is_clean

    @property
    def signature(self) -> str | None:
        """The first signature reported, or ``None`` for a clean verdict."""
        return self.signatures[0] if self.signatures else None

    @property
    def limits_exceeded(self) -> bool:
        """True if clamd refused because the file exceeded its scan limits."""
        return any(s.startswith(LIMITS_EXCEEDED_PREFIX) for s in self.signatures)

    @property
    def user_message(self) -> str | None:
        """A Chinese message for the uploader, ``None`` if the file is clean."""
        if self.is_clean:
            return None
        if self.limits_exceeded:
            return MSG_LIMITS_EXCEEDED
        return MSG_INFECTED.format(signature="、".join(self.signatures))


@runtime_checkable
class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


ScanSource = bytes | bytearray | memoryview | _Readable | Iterable[bytes]


# --------------------------------------------------------------------------- parsing


def parse_clamd_url(url: str) -> ClamdAddress:
    """Parse a clamd location.

    Accepted forms: ``unix:///run/clamav/clamd.ctl``, a bare absolute path
    ``/run/clamav/clamd.ctl``, ``clamd://127.0.0.1:3310``, ``tcp://host:port``
    and ``clamd://[::1]`` (the port defaults to 3310).
    """
    url = url.strip()
    if not url:
        raise ValueError("empty clamd URL")
    if url.startswith("/"):
        return ClamdAddress(unix_path=url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "unix":
        if parts.netloc not in ("", "localhost"):
            raise ValueError(f"unix clamd URL needs an absolute path (unix:///path): {url!r}")
        path = unquote(parts.path)
        if not path.startswith("/"):
            raise ValueError(f"unix clamd URL needs an absolute path: {url!r}")
        return ClamdAddress(unix_path=path)
    if scheme in ("clamd", "tcp"):
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValueError(f"unexpected path or query in clamd URL: {url!r}")
        try:
            port = parts.port
        except ValueError as exc:
            raise ValueError(f"invalid port in clamd URL: {url!r}") from exc
        if not parts.hostname:
            raise ValueError(f"missing host in clamd URL: {url!r}")
        return ClamdAddress(host=parts.hostname, port=DEFAULT_PORT if port is None else port)
    raise ValueError(f"unsupported clamd URL scheme {parts.scheme!r} in {url!r}")


def parse_scan_reply(reply: str, *, size: int = 0, duration: float = 0.0) -> ScanVerdict:
    """Turn an INSTREAM reply into a verdict, or raise :class:`ScanError`.

    A reply is one or more NUL/newline separated messages (several ``FOUND``
    messages are possible when clamd runs with ``AllMatchScanning``).
    Only exactly ``stream: OK`` is clean; anything unexpected is an error.
    """
    messages = [m.strip() for m in reply.replace("\0", "\n").split("\n") if m.strip()]
    if not messages:
        raise ScanError("empty reply from clamd", reply=reply)

    signatures: list[str] = []
    errors: list[str] = []
    for message in messages:
        if message == _CLEAN_REPLY:
            continue
        if message.startswith(_STREAM_PREFIX) and message.endswith(_FOUND_SUFFIX):
            name = message[len(_STREAM_PREFIX) : -len(_FOUND_SUFFIX)].strip()
            if name:
                signatures.append(name)
                continue
        errors.append(message)

    if signatures:
        # A detection is conclusive even if clamd also reported a problem.
        return ScanVerdict("infected", tuple(signatures), reply, size, duration)
    if errors:
        text = "; ".join(errors)
        if any("size limit exceeded" in e.lower() for e in errors):
            raise ScanSizeLimitExceeded(f"clamd refused the stream: {text}", reply=reply)
        if all(e.endswith(_ERROR_SUFFIX) for e in errors):
            raise ScanError(f"clamd reported an error: {text}", reply=reply)
        raise ScanError(f"unexpected reply from clamd: {text!r}", reply=reply)
    if messages != [_CLEAN_REPLY]:
        raise ScanError(f"unexpected reply from clamd: {reply!r}", reply=reply)
    return ScanVerdict("clean", (), reply, size, duration)


# --------------------------------------------------------------------------- client


class _PeerClosedError(Exception):
    """clamd closed the connection while we were still sending."""


class ClamdClient:
    """Talks to one clamd. Cheap to create; opens one connection per command."""

    def __init__(
        self,
        address: ClamdAddress | str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> None:
        self.address = parse_clamd_url(address) if isinstance(address, str) else address
        if timeout <= 0 or connect_timeout <= 0:
            raise ValueError("clamd timeouts must be positive")
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.chunk_size = _check_chunk_size(chunk_size)

    def __repr__(self) -> str:
        return f"ClamdClient({str(self.address)!r}, timeout={self.timeout})"

    # -- commands

    def ping(self) -> None:
        """Check that clamd answers ``PONG``; raise a :class:`ClamdError` otherwise."""
        reply = self._simple_command(b"PING")
        if reply != "PONG":
            raise ScanError(f"unexpected reply to PING: {reply!r}", reply=reply)

    def is_available(self) -> bool:
        """``True`` if clamd answers ``PING``; never raises (for health checks)."""
        try:
            self.ping()
        except ClamdError as exc:
            logger.warning("clamd at %s is not available: %s", self.address, exc)
            return False
        return True

    def version(self) -> str:
        """clamd's version string, e.g. ``ClamAV 1.4.6/...``."""
        return self._simple_command(b"VERSION")

    def scan_stream(self, data: ScanSource, *, chunk_size: int | None = None) -> ScanVerdict:
        """Stream ``data`` to clamd with ``INSTREAM`` and return the verdict.

        ``data`` is bytes-like, a binary file object (read from its current
        position, which is restored afterwards when the file is seekable), or
        an iterable of byte chunks such as Django's ``UploadedFile.chunks()``.

        Raises :class:`ScannerUnavailable` when clamd cannot be reached or
        times out, :class:`ScanSizeLimitExceeded` when the stream exceeds
        clamd's ``StreamMaxLength`` and :class:`ScanError` for other errors.
        """
        size = _check_chunk_size(chunk_size) if chunk_size is not None else self.chunk_size
        started = time.monotonic()
        sent = 0
        chunks = _iter_chunks(data, size)
        with _restoring_position(data), self._connect() as sock:
            try:
                _send(sock, b"zINSTREAM\0")
                for chunk in chunks:
                    _send(sock, struct.pack(">I", len(chunk)))
                    _send(sock, chunk)
                    sent += len(chunk)
                _send(sock, _END_OF_STREAM)
            except _PeerClosedError as exc:
                # clamd stops reading and answers early, e.g. on its size limit.
                reply = self._read_reply(sock, allow_empty=True)
                if not reply:
                    self._log_unavailable(f"connection closed while streaming: {exc}")
                    raise ScannerUnavailable(
                        f"clamd at {self.address} closed the connection after {sent} bytes"
                    ) from exc
            else:
                reply = self._read_reply(sock)
        duration = time.monotonic() - started
        try:
            verdict = parse_scan_reply(reply, size=sent, duration=duration)
        except ClamdError as exc:
            logger.warning("clamd scan of %d bytes failed: %s", sent, exc)
            raise
        if verdict.is_infected:
            logger.warning(
                "clamd found %s in a stream of %d bytes",
                ", ".join(verdict.signatures),
                sent,
            )
        else:
            logger.debug("clamd: %d bytes clean in %.3f s", sent, duration)
        return verdict

    def ensure_clean(self, data: ScanSource, *, chunk_size: int | None = None) -> ScanVerdict:
        """Like :meth:`scan_stream`, but raise :class:`VirusFound` unless clean."""
        verdict = self.scan_stream(data, chunk_size=chunk_size)
        if not verdict.is_clean:
            raise VirusFound(verdict)
        return verdict

    # -- plumbing

    def _connect(self) -> socket.socket:
        address = self.address
        sock: socket.socket | None = None
        try:
            if address.unix_path is not None:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(self.connect_timeout)
                sock.connect(address.unix_path)
            else:
                assert address.host is not None  # noqa: S101 - guaranteed by ClamdAddress
                sock = socket.create_connection(
                    (address.host, address.port), timeout=self.connect_timeout
                )
            sock.settimeout(self.timeout)
        except OSError as exc:
            if sock is not None:
                sock.close()
            self._log_unavailable(f"cannot connect: {exc}")
            raise ScannerUnavailable(f"cannot connect to clamd at {address}: {exc}") from exc
        return sock

    def _simple_command(self, command: bytes) -> str:
        with self._connect() as sock:
            try:
                _send(sock, b"z" + command + b"\0")
            except _PeerClosedError as exc:
                self._log_unavailable(f"connection closed: {exc}")
                raise ScannerUnavailable(f"clamd at {self.address} closed the connection") from exc
            return self._read_reply(sock)

    def _read_reply(self, sock: socket.socket, *, allow_empty: bool = False) -> str:
        """Read until clamd closes the connection (it does after each z-command)."""
        buffer = bytearray()
        try:
            while True:
                data = sock.recv(4096)
                if not data:
                    break
                buffer += data
                if len(buffer) > MAX_REPLY_SIZE:
                    raise ScanError(f"reply from clamd longer than {MAX_REPLY_SIZE} bytes")
        except (TimeoutError, ConnectionError) as exc:
            if not buffer:
                if allow_empty and isinstance(exc, ConnectionError):
                    return ""
                self._log_unavailable(f"no reply: {exc!r}")
                raise ScannerUnavailable(f"no reply from clamd at {self.address}: {exc!r}") from exc
        except OSError as exc:
            self._log_unavailable(f"reading reply failed: {exc!r}")
            raise ScannerUnavailable(f"reading from clamd at {self.address} failed") from exc
        reply = bytes(buffer).rstrip(b"\0").decode("utf-8", errors="replace").strip()
        if not reply and not allow_empty:
            raise ScanError(f"clamd at {self.address} closed the connection without a reply")
        return reply

    def _log_unavailable(self, detail: str) -> None:
        logger.error("clamd at %s unavailable (%s); refusing (fail closed)", self.address, detail)


# --------------------------------------------------------------------------- helpers


def _check_chunk_size(chunk_size: int) -> int:
    if not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk_size must be between 1 and {MAX_CHUNK_SIZE}")
    return chunk_size


def _send(sock: socket.socket, data: bytes | memoryview) -> None:
    try:
        sock.sendall(data)
    except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as exc:
        raise _PeerClosedError(str(exc)) from exc
    except OSError as exc:
        logger.error("sending to clamd failed (%r); refusing (fail closed)", exc)
        raise ScannerUnavailable(f"sending to clamd failed: {exc!r}") from exc


def _iter_chunks(data: ScanSource, chunk_size: int) -> Iterator[bytes | memoryview]:
    """Check ``data`` (eagerly) and return an iterator over its chunks."""
    if isinstance(data, str | io.TextIOBase):
        raise TypeError("scan_stream() needs bytes, a binary file or byte chunks, not text")
    if not isinstance(data, bytes | bytearray | memoryview | _Readable | Iterable):
        raise TypeError(f"scan_stream() cannot read {type(data).__name__}")
    return _generate_chunks(data, chunk_size)


def _generate_chunks(data: ScanSource, chunk_size: int) -> Iterator[bytes | memoryview]:
    """Yield non-empty chunks of at most ``chunk_size`` bytes.

    An empty chunk would end the INSTREAM prematurely, so none is ever yielded.
    """
    if isinstance(data, bytes | bytearray | memoryview):
        view = memoryview(data).cast("B")
        for start in range(0, len(view), chunk_size):
            yield view[start : start + chunk_size]
        return
    if isinstance(data, _Readable):
        while True:
            chunk = data.read(chunk_size)
            if not chunk:
                return
            if not isinstance(chunk, bytes | bytearray):
                raise TypeError("scan_stream() needs a file opened in binary mode")
            yield chunk
    for piece in data:
        if not isinstance(piece, bytes | bytearray | memoryview):
            raise TypeError("scan_stream() chunks must be bytes")
        view = memoryview(piece).cast("B")
        for start in range(0, len(view), chunk_size):
            yield view[start : start + chunk_size]


@contextmanager
def _restoring_position(data: object) -> Iterator[None]:
    """Put a seekable file object back where scanning started."""
    position: int | None = None
    if isinstance(data, _Readable):
        try:
            seekable = getattr(data, "seekable", None)
            if seekable is None or seekable():
                position = data.tell()  # type: ignore[attr-defined]
        except (AttributeError, OSError, ValueError):
            position = None
    try:
        yield
    finally:
        if position is not None:
            try:
                data.seek(position)  # type: ignore[attr-defined]
            except (AttributeError, OSError, ValueError):
                logger.debug("could not restore the file position after scanning")
