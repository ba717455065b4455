"""A web server on the loopback interface, started by the tests that need it: the only address
the link checker and the probe are ever pointed at in tests."""

import contextlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROUTES = {
    "/ok": (200, None),
    "/missing": (404, None),
    "/error": (500, None),
    "/r1": (302, "/r2"),
    "/r2": (301, "/ok"),
    "/loop": (302, "/loop"),
    "/private": (200, None),
}


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)

    def _answer(self, *, head):
        server = self.server
        path = self.path.split("?")[0]
        with server.lock:
            server.hits[(self.command, path)] += 1
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            self._respond(path, head)
        finally:
            with server.lock:
                server.in_flight -= 1

    def _respond(self, path, head):
        if path == "/robots.txt":
            return self._send(200, body=b"User-agent: *\nDisallow: /private\n")
        if path.startswith("/slow"):
            time.sleep(self.server.slow_seconds)
            return self._send(200)
        if path == "/nohead":
            return self._send(405 if head else 200)
        status, location = ROUTES.get(path, (404, None))
        return self._send(status, location=location)

    def _send(self, status, *, location=None, body=b"<html><body>ok</body></html>"):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def log_message(self, *args):
        pass


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.hits = Counter()
        self.in_flight = self.max_in_flight = 0
        self.slow_seconds = 0.0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
