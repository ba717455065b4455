"""The API load generator and the figures of a run.

``connections`` keep-alive connections to 127.0.0.1, spread over a few processes (spawned, so
that no process shares the GIL with more than a share of them) of one thread per connection,
each with http.client. A thread sends its next request as soon as the last one is answered,
until the deadline. A request is an error unless it is answered 200 or 304. When a reused
keep-alive connection turns out to have been closed by the server (gunicorn recycles a worker
after ``max_requests``), the request is sent once more on a new connection, as HTTP clients do
for idempotent requests (RFC 9110, 9.2.2); those retries are counted, not hidden.
"""

import http.client
import multiprocessing
import random
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

# Slow is a figure (the percentiles), not an error, up to half of gunicorn's 60 s timeout.
TIMEOUT_SECONDS = 30
SEARCH_WORDS = ["党建", "全会", "基层", "党员", "学习", "乡村振兴", "志愿服务", "秀英区", "干部"]


def is_error(kind: str) -> bool:
    """Kinds are a status ("200", "304"; the admin's redirects "302") or an error ("HTTP 500",
    "ConnectionRefusedError"); the API client names every status but 200 and 304 an error."""
    return not kind.isdigit()


STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


def api_mix(article_ids: list[int], column_ids: list[int], size: int = 4000) -> list[str]:
    """What the mini-program asks for, by weight: the home screen, listings (pages, columns,
    page sizes), full articles, and searches."""
    rng = random.Random(8)  # noqa: S311 - a fixed mix, not a secret
    makers = [
        (10, lambda: "/api/v1/site"),
        (25, lambda: f"/api/v1/articles?page={rng.randint(1, 50)}"),
        (10, lambda: f"/api/v1/articles?column={rng.choice(column_ids)}"),
        (5, lambda: f"/api/v1/articles?page_size=50&page={rng.randint(1, 20)}"),
        (35, lambda: f"/api/v1/articles/{rng.choice(article_ids)}"),
        (15, lambda: f"/api/v1/search?q={rng.choice(SEARCH_WORDS)}"),
    ]
    weights = [weight for weight, _ in makers]
    return [rng.choices(makers, weights)[0][1]() for _ in range(size)]


def quote(path: str) -> str:
    from urllib.parse import quote as url_quote

    return url_quote(path, safe="/?=&")


class Client:
    """One keep-alive connection; ``get`` returns the outcome's kind ("200", "HTTP 500",
    "ConnectionRefusedError", ...) and the response's headers."""

    def __init__(self, port: int):
        self.port, self.connection, self.retries = port, None, 0

    def get(self, path: str, headers: dict) -> tuple[str, dict]:
        for attempt in (0, 1):
            reused = self.connection is not None
            self.connection = self.connection or http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=TIMEOUT_SECONDS
            )
            try:
                return self._exchange(path, headers)
            except STALE_CONNECTION as error:
                self.close()
                if reused and attempt == 0:
                    self.retries += 1
                    continue
                return type(error).__name__, {}
            except (OSError, http.client.HTTPException) as error:
                self.close()
                return type(error).__name__, {}
        return "unreachable", {}

    def _exchange(self, path: str, headers: dict) -> tuple[str, dict]:
        self.connection.request("GET", quote(path), headers=headers)
        response = self.connection.getresponse()
        response.read()
        if response.will_close:
            self.close()
        kind = str(response.status) if response.status in (200, 304) else f"HTTP {response.status}"
        return kind, dict(response.getheaders())

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _connection_loop(port, paths, deadline, seed, records, retries) -> None:
    rng, client, etags = random.Random(seed), Client(port), {}  # noqa: S311
    while time.time() < deadline:
        path = rng.choice(paths)
        headers = {"If-None-Match": etags[path]} if path in etags and rng.random() < 0.3 else {}
        started = time.time()
        kind, response_headers = client.get(path, headers)
        records.append((started, time.time() - started, kind))
        if "ETag" in response_headers:
            etags[path] = response_headers["ETag"]
    client.close()
    retries.append(client.retries)


def _process(job) -> tuple[list, int]:
    port, paths, deadline, connections, seed = job
    records, retries = [], []
    threads = [
        threading.Thread(
            target=_connection_loop,
            args=(port, paths, deadline, seed * 1000 + n, records, retries),
            daemon=True,
        )
        for n in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.time()) + 2 * TIMEOUT_SECONDS)
    return list(records), sum(retries)


class LoadRun:
    """``connections`` connections over ``processes`` processes for ``seconds``, in the
    background: ``start()``, then ``join()`` for the records ``(start, latency, kind)``."""

    def __init__(self, *, port, paths, seconds, connections, processes):
        self.started = time.time()
        self.deadline = self.started + seconds
        shares = [
            connections // processes + (n < connections % processes) for n in range(processes)
        ]
        self.jobs = [(port, paths, self.deadline, share, n) for n, share in enumerate(shares)]
        self.result: list = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        context = multiprocessing.get_context("spawn")
        with context.Pool(len(self.jobs)) as pool:
            pending = pool.map_async(_process, self.jobs)
            self.result = pending.get(timeout=self.deadline - time.time() + 60)

    def start(self) -> "LoadRun":
        self.thread.start()
        return self

    def join(self) -> tuple[list, int]:
        self.thread.join(timeout=self.deadline - time.time() + 90)
        records = [record for chunk, _ in self.result for record in chunk]
        return sorted(records), sum(retries for _, retries in self.result)


@dataclass
class Figures:
    label: str
    requests: int
    seconds: float
    latencies: list = field(repr=False)
    kinds: Counter

    @property
    def errors(self) -> Counter:
        return Counter({kind: n for kind, n in self.kinds.items() if is_error(kind)})

    def percentile(self, share: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[share - 1]


def figures(label: str, records: list, started: float, ended: float) -> Figures:
    latencies = [latency * 1000 for _, latency, _ in records]
    kinds = Counter(kind for _, _, kind in records)
    return Figures(label, len(records), max(ended - started, 0.001), latencies, kinds)


def table(rows: list[Figures]) -> str:
    head = f"{'':<28}{'requests':>9}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  errors"
    lines = [head]
    for row in rows:
        errors = ", ".join(f"{kind}: {n}" for kind, n in row.errors.most_common()) or "none"
        lines.append(
            f"{row.label:<28}{row.requests:>9}{row.requests / row.seconds:>8.1f}"
            f"{row.percentile(50):>9.0f}{row.percentile(95):>9.0f}{row.percentile(99):>9.0f}"
            f"  {errors}"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Window:
    errors: int
    first: float | None
    last: float | None
    recovered: float | None

    def describe(self, fault_at: float) -> str:
        if not self.errors:
            return "no errors at all"
        recovered = (
            f"{self.recovered - fault_at:.1f} s after the fault"
            if self.recovered
            else "NOT recovered"
        )
        return (
            f"{self.errors} errors from +{self.first - fault_at:.1f} s to "
            f"+{self.last - fault_at:.1f} s (window {self.last - self.first:.1f} s); "
            f"first success after the last error: {recovered}"
        )


def error_window(records: list) -> Window:
    """Where the errors of ``records`` start and end (by when each request was answered),
    and the first success that started after the last of them."""
    errors = [(start + latency) for start, latency, kind in records if is_error(kind)]
    if not errors:
        return Window(0, None, None, None)
    first, last = min(errors), max(errors)
    after = [start + lat for start, lat, kind in records if not is_error(kind) and start >= last]
    return Window(len(errors), first, last, min(after) if after else None)


def per_second(records: list, origin: float, seconds: int) -> str:
    """Errors in each second from ``origin``: a sparkline of the fault."""
    counts = Counter(int(start + latency - origin) for start, latency, kind in records)
    errors = Counter(
        int(start + latency - origin) for start, latency, kind in records if is_error(kind)
    )
    cells = [f"{errors[s]}/{counts[s]}" for s in range(seconds)]
    return " ".join(cells)
