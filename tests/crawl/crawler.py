"""A bounded breadth-first crawl of the admin through the test client (R-23).

Only GET links inside the site are followed, never those that change state; URLs are grouped
by pattern (numbers in the path replaced) and only the first of each pattern is visited, so
every screen is reached once whatever the size of the listings.
"""

import json
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

from tests.crawl.page_text import PageScan, page_scan

# Links that change state, sign out, or act in the approval chain (their GET is a confirmation
# page at most, but a person would not click them to look around).
STATE_CHANGING = re.compile(
    r"/(logout|delete|unpublish|lock|unlock|disable|enable|revert|takedown|dismiss|take-down|"
    r"cancel|approve|reject|remove|unschedule|restore|archive|reset|regenerate|"
    r"convert_alias|bulk|set_privacy|workflow/action|workflow/collect_action)(/|$)"
    r"|[?&](action|_action)="
)
# Downloads: fetched for their status only; their HTML is not read, their links not followed.
DOWNLOAD = re.compile(
    r"[?&](export|format)=|[/.](export|download|pdf|csv|xlsx)(/|$|\?)|^/documents/"
)
# Served by the web server in production, not by Django.
NOT_DJANGO = re.compile(r"^/(media|static)/")
# The fragments Wagtail's listings fetch when filtered: the same table as the screen itself.
FRAGMENT = re.compile(r"/(results|history-results)/")
NUMBER = re.compile(r"(?<=/)\d+(?=/|$)")
# Outside these, a path is a page of the public site.
APPLICATION_PREFIXES = ("/admin/", "/api/")
SEGMENT = re.compile(r"(?<=/)[^/]+")
# Query parameters that change nothing on the page: where to go after an action, the first page.
NO_OP_PARAMETERS = {"next": None, "p": "1"}


def url_pattern(url: str) -> str:
    """The screen a URL shows, whatever the object: ``/admin/pages/12/edit/?ordering=x`` ->
    ``/admin/pages/#/edit/?ordering``; every download of a screen is one pattern
    (``/admin/reports/x/?download``); ``/documents/3/a.txt`` -> ``/documents/#/*``;
    public pages by depth, ``/news/item-1/`` -> ``/*/*/``."""
    parts = urlsplit(url)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    path = NUMBER.sub("#", parts.path)
    if path.startswith("/documents/"):
        return "/documents/#/*"
    if DOWNLOAD.search(url):
        return path + "?download"
    if not path.startswith(APPLICATION_PREFIXES):
        path = SEGMENT.sub("*", path)
    return path + ("?" + "&".join(keys) if keys else "")


def normalised(url: str) -> str:
    """The link without fragment and no-op parameters, its parameters sorted."""
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    pairs = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in NO_OP_PARAMETERS or NO_OP_PARAMETERS[key] not in (None, value)
    ]
    query = urlencode(sorted(pairs))
    return parts.path + ("?" + query if query else "")


def followable(url: str) -> bool:
    parts = urlsplit(url)
    internal = not parts.scheme and not parts.netloc and parts.path.startswith("/")
    skipped = (STATE_CHANGING, NOT_DJANGO, FRAGMENT)
    return internal and not any(pattern.search(url) for pattern in skipped)


@dataclass
class Visit:
    url: str
    status: int
    referrer: str
    location: str = ""
    error: str = ""
    # The response as text (HTML, JSON, CSV), for the check that no draft title leaks.
    content: str = ""
    scan: PageScan | None = None
    messages: list[tuple[str, str]] = field(default_factory=list)  # (level tag, text)

    @property
    def pattern(self) -> str:
        return url_pattern(self.url)


@dataclass(frozen=True)
class CrawlBounds:
    max_urls: int = 200
    per_pattern: int = 1
    # Patterns worth more visits, e.g. every column's listing for the draft check.
    wider: tuple[tuple[str, int], ...] = ()

    def cap(self, pattern: str) -> int:
        return dict(self.wider).get(pattern, self.per_pattern)


class Crawl:
    def __init__(self, client, *, start: list[str], bounds: CrawlBounds):
        self.client = client
        self.bounds = bounds
        self.queue = deque((normalised(url), "") for url in start)
        self.seen: set[str] = set()
        self.per_pattern: Counter[str] = Counter()
        self.visits: list[Visit] = []

    def run(self) -> list[Visit]:
        while self.queue and len(self.visits) < self.bounds.max_urls:
            url, referrer = self.queue.popleft()
            if self._admit(url):
                self._visit(url, referrer)
        return self.visits

    def _admit(self, url: str) -> bool:
        if url in self.seen:
            return False
        self.seen.add(url)
        pattern = url_pattern(url)
        if self.per_pattern[pattern] >= self.bounds.cap(pattern):
            return False
        self.per_pattern[pattern] += 1
        return True

    def _visit(self, url: str, referrer: str) -> None:
        visit = fetch(self.client, url, referrer)
        self.visits.append(visit)
        links = [visit.location] if visit.location else []
        links += visit.scan.links if visit.scan else []
        for link in links:
            if followable(link) and normalised(link) not in self.seen:
                self.queue.append((normalised(link), url))


def fetch(client, url: str, referrer: str = "") -> Visit:
    try:
        response = client.get(url, HTTP_REFERER=referrer)
    except Exception as error:  # the crawl reports every failure with its page
        return Visit(url, 500, referrer, error=f"{type(error).__name__}: {error}")
    visit = Visit(url, response.status_code, referrer, location=response.get("Location", ""))
    visit.messages = [(m.level_tag, str(m)) for m in _queued_messages(response)]
    if response.streaming:
        return visit
    content_type = response.get("Content-Type", "")
    if not re.search(r"html|json|csv|text/plain", content_type):
        return visit  # XLSX, PDF, images
    visit.content = response.content.decode(response.charset or "utf-8", errors="replace")
    if not DOWNLOAD.search(url):
        visit.scan = page_scan(_html_of(visit.content, content_type))
    return visit


def _queued_messages(response):
    storage = getattr(response.wsgi_request, "_messages", None)
    return list(getattr(storage, "_queued_messages", []))


def _html_of(content: str, content_type: str) -> str:
    if "json" not in content_type:
        return content if "html" in content_type else ""
    # Wagtail's modal choosers answer with JSON carrying an HTML fragment.
    data = json.loads(content or "null")
    return data.get("html", "") if isinstance(data, dict) else ""
