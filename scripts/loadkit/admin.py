"""People in the admin over HTTP, as a browser would: sign in through the login form (with a
TOTP code for the roles that need two factors, R-13), open the "待我审批" queue on the dashboard,
open each item's editor and approve it through Wagtail's workflow action URL with the chain's
form (comment, checklist_confirmed), as tests/workflows/test_chain_admin.py does; and upload an
image through Wagtail's image add view.
"""

import base64
import hashlib
import hmac
import http.client
import re
import struct
import threading
import time
import uuid
import zlib
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

TIMEOUT_SECONDS = 30
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUEUE_LINK = re.compile(r'href="/admin/pages/(\d+)/edit/" title="打开办理"')
APPROVE_MODAL = re.compile(r"/admin/pages/workflow/collect_action_data/(\d+)/approve/(\d+)/")
SUCCESS = '"step": "success"'
STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 with django-otp's defaults: SHA-1, 30-second steps, 6 digits."""
    key = base64.b32decode(secret)
    step = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict
    text: str


class Browser:
    """One keep-alive connection with its cookies. Every request is recorded as
    ``(start, latency, kind)`` in ``records`` (kind "200", "302", "HTTP 500", "OSError"...)."""

    def __init__(self, port: int, records: list):
        self.port, self.records, self.cookies, self.connection = port, records, {}, None
        self.retries = 0

    def request(self, method: str, path: str, body=b"", headers=None) -> Response:
        started = time.time()
        try:
            response = self._exchange_once_more(method, path, body, headers or {})
        except (OSError, http.client.HTTPException) as error:
            self._close()
            self.records.append((started, time.time() - started, type(error).__name__))
            return Response(0, {}, str(error))
        kind = str(response.status) if response.status < 400 else f"HTTP {response.status}"
        self.records.append((started, time.time() - started, kind))
        return response

    def _exchange_once_more(self, method, path, body, headers) -> Response:
        """gunicorn closes a keep-alive connection idle for 2 s (its ``keepalive``); a browser
        then sends the request again on a new connection, and so does this."""
        reused = self.connection is not None
        try:
            return self._exchange(method, path, body, headers)
        except STALE_CONNECTION:
            self._close()
            if not reused:
                raise
            self.retries += 1
            return self._exchange(method, path, body, headers)

    def _exchange(self, method, path, body, headers) -> Response:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=TIMEOUT_SECONDS
            )
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        self.connection.request(method, path, body=body, headers={"Cookie": cookie, **headers})
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            self._remember(header)
        if response.will_close:
            self._close()
        return Response(response.status, dict(response.getheaders()), text)

    def _remember(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def _close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict, *, ajax: bool = False) -> Response:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if ajax:
            headers["X-Requested-With"] = "XMLHttpRequest"
        return self.request("POST", path, urlencode(fields).encode(), headers)

    def csrf(self, page: Response) -> str:
        found = CSRF_FIELD.search(page.text)
        return found.group(1) if found else self.cookies.get("csrftoken", "")


def sign_in(browser: Browser, username: str, password: str, totp_secret: str) -> None:
    page = browser.get("/admin/login/")
    fields = {"username": username, "password": password, "next": "/admin/"}
    answer = browser.post_form(
        "/admin/login/", {**fields, "csrfmiddlewaretoken": browser.csrf(page)}
    )
    if answer.status != 302:
        raise RuntimeError(f"{username}: sign-in answered {answer.status}")
    home = browser.get("/admin/")
    if home.status == 302 and "/admin/2fa/verify/" in home.headers.get("Location", ""):
        verify = browser.get("/admin/2fa/verify/?next=/admin/")
        code = {"code": totp_code(totp_secret), "next": "/admin/"}
        answer = browser.post_form(
            "/admin/2fa/verify/", {**code, "csrfmiddlewaretoken": browser.csrf(verify)}
        )
        home = browser.get("/admin/")
    if home.status != 200:
        raise RuntimeError(f"{username}: the dashboard answered {home.status} after sign-in")


@dataclass(frozen=True)
class Attempt:
    username: str
    page_id: int
    task_state_id: int
    status: int
    succeeded: bool
    message: str


def queue_items(browser: Browser) -> list[int]:
    home = browser.get("/admin/")
    return [int(page_id) for page_id in QUEUE_LINK.findall(home.text)] if home.status == 200 else []


def approve_target(browser: Browser, page_id: int) -> int | None:
    """The task state the editor offers to approve, if any."""
    editor = browser.get(f"/admin/pages/{page_id}/edit/")
    found = APPROVE_MODAL.search(editor.text) if editor.status == 200 else None
    return int(found.group(2)) if found else None


def approve(browser: Browser, username: str, page_id: int, task_state_id: int) -> Attempt:
    url = f"/admin/pages/workflow/action/{page_id}/approve/{task_state_id}/"
    fields = {
        "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
        "comment": "同意。（负载测试）",
        "checklist_confirmed": "on",
    }
    answer = browser.post_form(url, fields, ajax=True)
    succeeded = answer.status == 200 and SUCCESS in answer.text
    message = "该环节已由他人办理" if "该环节已由他人办理" in answer.text else ""
    return Attempt(username, page_id, task_state_id, answer.status, succeeded, message)


def work_queue(browser: Browser, username: str, deadline: float, attempts: list) -> None:
    """Approve whatever waits for ``username`` until ``deadline``."""
    while time.time() < deadline:
        pages = queue_items(browser)
        if not pages:
            time.sleep(1.0)
            continue
        for page_id in pages:
            if time.time() >= deadline:
                return
            task_state_id = approve_target(browser, page_id)
            if task_state_id:
                attempts.append(approve(browser, username, page_id, task_state_id))


def race(browsers: dict, page_id: int) -> list[Attempt]:
    """Two approvers open the same item, then both press 同意 at the same instant."""
    targets = {name: approve_target(browser, page_id) for name, browser in browsers.items()}
    barrier, attempts = threading.Barrier(len(browsers)), []

    def press(name):
        barrier.wait(timeout=30)
        attempts.append(approve(browsers[name], name, page_id, targets[name]))

    threads = [threading.Thread(target=press, args=(name,)) for name in browsers if targets[name]]
    if len(threads) < len(browsers):
        return []
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT_SECONDS * 2)
    return attempts


def png_bytes() -> bytes:
    """A valid 8×8 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + bytes([128] * 8) for _ in range(8)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def upload_image(browser: Browser, title: str) -> Response:
    """POST a small PNG to Wagtail's image add view (multipart, as the form does)."""
    page = browser.get("/admin/images/add/")
    boundary = uuid.uuid4().hex
    fields = {"csrfmiddlewaretoken": browser.csrf(page), "title": title}
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="load.png"\r\n'
        "Content-Type: image/png\r\n\r\n".encode()
        + png_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return browser.request("POST", "/admin/images/add/", b"".join(parts), headers)
