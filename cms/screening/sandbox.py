"""Text extraction in a child process with resource limits (R-12, R-13). No Django.

Why a child process and not the request's own thread or the background worker: parsers run
in C (lxml, zlib) and cannot be interrupted from Python, so only a process can be stopped at a
deadline and held to a memory cap; and the editor's panel, 提交审核 and each approval need a
verdict at once, which a queued job would only give later. The child costs one interpreter
start (about 0.2-0.5 s, measured in the README) per file content: outcomes are cached by the
caller under the file's hash, so each file pays it once.

The child lowers its own limits before it reads a byte (``setrlimit`` in the child, not a
``preexec_fn``, which is unsafe in the threaded servers this runs in): CPU seconds
(``RLIMIT_CPU``: also ends a child whose parent died), address space (``RLIMIT_AS``), no core
dumps, no files written, no processes started. It gets no environment (no secrets), the file on
stdin and the limits as JSON, and answers JSON on stdout with at most ``max_chars`` characters of
text. The parent stops it at ``seconds`` of wall-clock time.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import math
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cms.screening.extract import DEFAULT_LIMITS, ExtractionError, ExtractLimits, extract_text
from cms.screening.ocr import OcrError, OcrLimits, scanned_pictures
from cms.security.archives import ArchiveLimits

logger = logging.getLogger(__name__)

MIB: Final = 1024 * 1024
TIMED_OUT = "提取文字超过{seconds:g}秒仍未完成，已停止"
OUT_OF_MEMORY = "提取文字所需内存超过{megabytes:g} MB，已停止"
FAILED = "提取文字的进程意外退出"
TOO_LONG = "文字超过{limit}字，只自动检查了前{limit}字"
PICTURES_TIMED_OUT = "读取 PDF 中的图片超过{seconds:g}秒仍未完成，已停止"
PICTURES_OUT_OF_MEMORY = "读取 PDF 中的图片所需内存超过{megabytes:g} MB，已停止"
PICTURES_FAILED = "读取 PDF 中图片的进程意外退出"

_ROOT: Final = Path(__file__).resolve().parents[2]  # the directory holding the cms package
_CHILD: Final = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from cms.screening.sandbox import child_main; child_main()"
)
_KILLED_FOR_TIME: Final = (-signal.SIGXCPU, -signal.SIGKILL)


@dataclass(frozen=True)
class SandboxLimits:
    seconds: float = 10.0
    memory_bytes: int = 512 * MIB


DEFAULT_SANDBOX: Final = SandboxLimits()


@dataclass(frozen=True)
class Extraction:
    """What screening gets of a document: text (at most ``max_chars``) and, in Chinese, why a
    person must read it (``""`` when it was read whole). ``lasting`` is False for a time-out or
    a crash, which a quieter machine might not meet: worth trying again later."""

    text: str = ""
    problem: str = ""
    lasting: bool = True


def extract_isolated(
    filename: str,
    data: bytes,
    *,
    limits: ExtractLimits = DEFAULT_LIMITS,
    sandbox: SandboxLimits = DEFAULT_SANDBOX,
) -> Extraction:
    """``extract_text`` of ``data`` in a child process held to ``sandbox``."""
    request = {"filename": filename, "limits": dataclasses.asdict(limits)}
    reply = _child_reply(request, data, sandbox, f"Text extraction of {filename!r}")
    if reply.get("timed_out"):
        return Extraction(problem=TIMED_OUT.format(seconds=sandbox.seconds), lasting=False)
    if reply.get("failed"):
        return Extraction(problem=FAILED, lasting=False)
    if reply.get("memory"):
        return Extraction(problem=OUT_OF_MEMORY.format(megabytes=sandbox.memory_bytes / MIB))
    if "problem" in reply:
        return Extraction(problem=reply["problem"])
    problem = TOO_LONG.format(limit=limits.max_chars) if reply["truncated"] else ""
    return Extraction(text=reply["text"], problem=problem)


def pdf_pictures_isolated(data: bytes, limits: OcrLimits) -> list[bytes]:
    """``scanned_pictures`` of an uploaded PDF in the same kind of child as text extraction,
    held to the OCR's time budget and the sandbox's memory cap: pypdf parses the file there, not
    in the worker. Raises ``OcrError`` (Chinese) when the child is stopped or fails."""
    sandbox = SandboxLimits(seconds=limits.seconds, memory_bytes=DEFAULT_SANDBOX.memory_bytes)
    request = {"task": "pdf_pictures", "max_pages": limits.max_pages}
    reply = _child_reply(request, data, sandbox, "PDF picture extraction")
    if reply.get("timed_out"):
        raise OcrError(PICTURES_TIMED_OUT.format(seconds=sandbox.seconds))
    if reply.get("failed"):
        raise OcrError(PICTURES_FAILED)
    if reply.get("memory"):
        raise OcrError(PICTURES_OUT_OF_MEMORY.format(megabytes=sandbox.memory_bytes / MIB))
    if "problem" in reply:
        raise OcrError(reply["problem"])
    return [base64.b64decode(picture) for picture in reply["pictures"]]


def _child_reply(request: dict, data: bytes, sandbox: SandboxLimits, subject: str) -> dict:
    """The child's JSON reply to ``request`` on ``data``, or ``{"timed_out": True}`` when it was
    stopped for time and ``{"failed": True}`` when it died without one (logged here)."""
    limited = {**request, "seconds": sandbox.seconds, "memory_bytes": sandbox.memory_bytes}
    command = [sys.executable, "-I", "-c", _CHILD, str(_ROOT), json.dumps(limited)]
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and code, no shell
            command, input=data, capture_output=True, timeout=sandbox.seconds, env={}, check=False
        )
    except subprocess.TimeoutExpired:  # run() has killed the child
        logger.warning("%s stopped after %s s", subject, sandbox.seconds)
        return {"timed_out": True}
    if done.returncode in _KILLED_FOR_TIME:
        logger.warning("%s ran out of CPU time", subject)
        return {"timed_out": True}
    try:
        reply = json.loads(done.stdout)
    except ValueError:
        stderr = done.stderr.decode(errors="replace")[-2000:]
        logger.error("%s failed (%s): %s", subject, done.returncode, stderr)
        return {"failed": True}
    if reply.get("memory"):
        logger.warning("%s ran out of memory", subject)
    return reply


def _pictures_reply(data: bytes, max_pages: int) -> dict:
    try:
        pictures = scanned_pictures(data, OcrLimits(max_pages=max_pages))
    except OcrError as error:
        return {"problem": str(error)}
    return {"pictures": [base64.b64encode(picture).decode() for picture in pictures]}


# The child ---------------------------------------------------------------------------------


def child_main() -> None:
    """Entry point of the child: limits, then the file from stdin, then JSON to stdout."""
    request = json.loads(sys.argv[2])
    _limit_resources(request["seconds"], request["memory_bytes"])
    try:
        if request.get("task") == "pdf_pictures":
            reply = _pictures_reply(sys.stdin.buffer.read(), request["max_pages"])
        else:
            limits = _limits_from(request["limits"])
            reply = _extract_reply(request["filename"], sys.stdin.buffer.read(), limits)
    except MemoryError:
        reply = {"memory": True}
    sys.stdout.buffer.write(json.dumps(reply, ensure_ascii=False).encode())


def _extract_reply(filename: str, data: bytes, limits: ExtractLimits) -> dict:
    try:
        text = extract_text(filename, data, limits)
    except ExtractionError as error:
        return {"problem": str(error)}
    return {"text": text[: limits.max_chars], "truncated": len(text) > limits.max_chars}


def _limits_from(values: dict) -> ExtractLimits:
    return ExtractLimits(**{**values, "archive": ArchiveLimits(**values["archive"])})


def _limit_resources(seconds: float, memory_bytes: int) -> None:
    cpu = math.ceil(seconds)
    _lower(resource.RLIMIT_CPU, cpu, cpu + 1)  # SIGXCPU at the soft limit, SIGKILL at the hard
    _lower(resource.RLIMIT_AS, memory_bytes, memory_bytes)
    _lower(resource.RLIMIT_CORE, 0, 0)
    _lower(resource.RLIMIT_FSIZE, 0, 0)
    _lower(resource.RLIMIT_NPROC, 0, 0)


def _lower(kind: int, soft: int, hard: int) -> None:
    current = resource.getrlimit(kind)[1]
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    resource.setrlimit(kind, (soft, hard))
