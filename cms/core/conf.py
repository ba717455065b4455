"""The project's options, in one dictionary with documented defaults.

A site overrides any key with ``XIUYING = {...}`` in its settings; everything reads them through
``get_setting`` so that another Wagtail site installing these apps changes one place.
"""

from django.conf import settings

DEFAULTS = {
    # Role codes (used in code) -> group names (shown to people, created by setup_roles).
    "ROLE_NAMES": {
        "liaison": "信息联络员",
        "proofreader": "校对员",
        "unit_approver": "单位审核人",
        "dept_leader": "分管部领导",
        "minister": "组织部长",
        "site_admin": "网站管理员",
        "site_specialist": "网站专管员",
        # Not a role of the regulation: assigns roles to accounts, so that neither the
        # publisher nor the security officer can give themselves or others a role.
        "account_admin": "账号管理员",
    },
    # Days a column may go without an update before it is flagged, by column kind.
    "UPDATE_INTERVAL_DAYS": {
        "news": 14,
        "notices": 180,
        "policy": 180,
        "experience": 90,
        "other": 90,
    },
    # Working hours each approval step may take before it is overdue, keyed by
    # step code ("proofread_1", ...) with "default" for the rest.
    "STEP_BUDGET_HOURS": {"default": 8, "release": 4},
    # The office calendar the budgets count in (local time, Asia/Shanghai): weekdays Monday=0.
    "WORKING_DAYS": [0, 1, 2, 3, 4],
    "WORKING_HOURS": [["08:00", "12:00"], ["14:30", "17:30"]],
    "HOLIDAYS": [],  # ISO dates, e.g. "2026-10-01"
    "EXTRA_WORKING_DAYS": [],  # weekend days worked in lieu (调休), ISO dates
    # Security (R-13..R-17).
    "PASSWORD_MAX_AGE_DAYS": 90,  # 0 turns expiry off
    "PASSWORD_HISTORY_COUNT": 5,
    # Days before expiry from which signed-in accounts are warned.
    "PASSWORD_WARNING_DAYS": 14,
    # Character classes (lower case, upper case, digits, others) a password must mix.
    "PASSWORD_MIN_CHARACTER_CLASSES": 3,
    # URL names an account that must change its password may still open: the change page, sign
    # out, the admin's script catalogue and icons, and the second factor's steps (which come
    # first: the two gates would otherwise send each other's pages back and forth).
    "PASSWORD_GATE_EXEMPT_URL_NAMES": [
        "xiuying_password_change",
        "wagtailadmin_logout",
        "wagtailadmin_login",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "xiuying_2fa:verify",
        "xiuying_2fa:enrol",
        "xiuying_2fa:recovery_codes",
    ],
    "SECURITY_EVENT_RETENTION_DAYS": 180,
    # Cryptography (issue 15, 密评; cms/core/crypto/): "sm" (SM3, HMAC-SM3, SM4-GCM) or "intl"
    # (SHA-256, HMAC-SHA-256, AES-256-GCM). Keys come from KEY_BACKEND: "file" (KEY_FILE, a
    # JSON key ring of its own, created on first use where KEY_FILE_CREATE), "env" (the
    # XIUYING_KEYS variable) or "command" (KEY_COMMAND prints the ring: a KMS or HSM;
    # KEY_ROTATE_COMMAND stores a new one).
    "CRYPTO": "sm",
    "KEY_BACKEND": "file",
    "KEY_FILE": "",
    "KEY_FILE_CREATE": False,
    "KEY_COMMAND": "",
    "KEY_ROTATE_COMMAND": "",
    # Anchors of the sealed chains (workflows/anchors.py): the directory the database's
    # administrator does not control, and the roles mailed each anchor.
    "ANCHOR_DIR": "",
    "ANCHOR_MAIL_ROLES": ["site_specialist", "minister"],
    # An RFC 3161 time-stamping authority that stamps each anchor (optional; "" for none), the
    # path of its PEM certificate that a stamp must be signed with, and seconds to wait for it.
    "ANCHOR_TSA_URL": "",
    "ANCHOR_TSA_CERTIFICATE": "",
    "ANCHOR_TSA_TIMEOUT": 10,
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed.
    "TRUSTED_PROXIES": [],
    # Minutes without a request (background pings excluded) after which a session ends.
    "SESSION_IDLE_MINUTES": 30,
    # Roles that must sign in with two factors; "superuser" stands for Django superusers.
    "TWO_FACTOR_REQUIRED_ROLES": [
        "minister",
        "site_admin",
        "site_specialist",
        "account_admin",
        "superuser",
    ],
    # Uploads. Scanning with clamd cannot be turned off in production (production.py
    # refuses); development may turn it off with UPLOAD_SCANNING=0 and is warned on every start.
    "UPLOAD_SCANNING": True,
    # Where clamd listens: unix:///path or clamd://host:port. The default is the socket of
    # Debian's clamav-daemon package; dev and test use the one `.ci/clamav.sh` starts.
    "CLAMD_URL": "unix:///var/run/clamav/clamd.ctl",
    "CLAMD_TIMEOUT_SECONDS": 120,
    # The largest upload of any kind; equal to clamd's StreamMaxLength (.ci/clamav.sh: 100M).
    "UPLOAD_MAX_BYTES": 100 * 1024 * 1024,
    # Decompression bombs (R-13, R-15; cms/security/archives.py). An Office Open XML upload
    # (DOCX, XLSX, PPTX) is refused when a part expands past this many times its compressed
    # size (once past 1 MB), when all parts together expand past the first size or the XML
    # parts past the second, when it has more parts than this, or when an XML part declares a
    # DTD (entity expansion) or nests elements deeper than this.
    "UPLOAD_ARCHIVE_MAX_RATIO": 100,
    "UPLOAD_ARCHIVE_MAX_EXPANDED_BYTES": 256 * 1024 * 1024,
    "UPLOAD_ARCHIVE_MAX_XML_BYTES": 32 * 1024 * 1024,
    "UPLOAD_ARCHIVE_MAX_PARTS": 10_000,
    "UPLOAD_ARCHIVE_MAX_XML_DEPTH": 256,
    # Alerts to 网站专管员: one per subject per window; a sign-in "spray" is this many
    # distinct usernames failing from one address within the window.
    "ALERT_WINDOW_MINUTES": 30,
    "ALERT_SPRAY_USERNAMES": 5,
    "ALERT_SPRAY_MINUTES": 10,
    "ALERT_EXTRA_EMAILS": [],  # e.g. the city information centre's duty mailbox
    # Sign-in POSTs to the admin before 429: per client address *and* username, so that
    # an office behind one NAT address is not refused as one attacker at the start of the day,
    # and per address whatever the username, a ceiling for a spray of many usernames.
    "LOGIN_RATE_LIMIT": "10/m",
    "LOGIN_ADDRESS_RATE_LIMIT": "100/m",
    # Password reset by email: POSTs of the reset page per client address, and reset
    # mails per account (beyond it nothing is mailed, and the page reads the same).
    "PASSWORD_RESET_RATE_LIMIT": "10/h",
    "PASSWORD_RESET_ACCOUNT_RATE_LIMIT": "3/h",
    # manage.py security_report: accounts unused this long are dormant; events summarised.
    "DORMANT_ACCOUNT_DAYS": 90,
    "SECURITY_REPORT_DAYS": 7,
    # Article bodies: the largest number of original-material documents one item may carry.
    "MAX_ORIGINAL_MATERIALS": 20,
    # Content screening. Noise characters (spaces, symbols) allowed between two
    # characters of a lexicon term, as in "法*轮".
    "SCREENING_MAX_GAP": 3,
    # Seconds a process trusts the lexicon version id kept in the cache before asking the
    # database again; a change sets the key at once, so with a shared cache (Redis) every
    # process recompiles on its next request, with per-process memory within this delay.
    "SCREENING_VERSION_CHECK_SECONDS": 30,
    # Seconds the text extracted from a document is cached, keyed by the file's hash.
    "SCREENING_DOCUMENT_CACHE_SECONDS": 30 * 24 * 3600,
    # Text extraction runs in a child process (cms/screening/sandbox.py) stopped after these
    # seconds (wall-clock and CPU) and held to this address space; a document that needs more,
    # has more pages, or whose DOCX breaks the UPLOAD_ARCHIVE_* limits goes to a person
    # (须人工核查). Only the first SCREENING_MAX_DOCUMENT_CHARS characters are screened and
    # cached (the rest is left to a person too). A time-out or a crash is tried again after
    # SCREENING_EXTRACT_RETRY_SECONDS: a busy machine may have caused it.
    "SCREENING_EXTRACT_SECONDS": 10,
    "SCREENING_EXTRACT_MEMORY_BYTES": 512 * 1024 * 1024,
    "SCREENING_PDF_MAX_PAGES": 1_000,
    "SCREENING_MAX_DOCUMENT_CHARS": 500_000,
    "SCREENING_EXTRACT_RETRY_SECONDS": 3600,
    # Rescreen all live items (as a background task) after every change of the lexicon or of
    # the leaders register.
    "SCREENING_RESCREEN_ON_CHANGE": True,
    # Text inside pictures and scanned PDF pages (cms/screening/ocr.py): read with Tesseract in
    # the background worker when a file is uploaded, once per file content. Per file at most
    # these seconds and scanned pages, and pictures of at most these pixels; beyond, or without
    # Tesseract, the file goes to a person (须人工核查). While a file is being read (识别中) an
    # item carrying it cannot be submitted.
    "SCREENING_OCR": True,
    "SCREENING_OCR_SECONDS": 60,
    "SCREENING_OCR_MAX_PAGES": 20,
    "SCREENING_OCR_MAX_PIXELS": 40_000_000,
    # Near-duplicates (cms/screening/duplicates.py): an item is compared with the live items
    # published in the last SCREENING_DUPLICATE_DAYS and the items in the chain; a SimHash
    # distance of at most this many bits (of 64) is a likely duplicate (measured in the README).
    "SCREENING_DUPLICATE_DAYS": 365,
    "SCREENING_DUPLICATE_MAX_DISTANCE": 16,
    # The mini-program's API (R-24, cms/api/). Listings: default and largest page size, and the
    # characters of a summary a listing carries (a page of 50 stays well under 128 KB).
    "API_PAGE_SIZE": 20,
    "API_MAX_PAGE_SIZE": 50,
    "API_LIST_SUMMARY_CHARS": 120,
    # Seconds clients and proxies may reuse a response (Cache-Control max-age), and seconds the
    # server keeps a rendered response (0 turns the server-side cache off); publishing,
    # unpublishing and takedown invalidate it at once.
    "API_MAX_AGE_SECONDS": 60,
    "API_CACHE_SECONDS": 600,
    "API_CACHE_ALIAS": "default",
    # Requests per client address (django-ratelimit rates), per endpoint group; 429 beyond.
    "API_RATE_LIMIT": "300/m",
    "API_SEARCH_RATE_LIMIT": "60/m",
    # Wagtail rendition filters: body images at most 750 px wide, listing cover thumbnails.
    "API_IMAGE_FILTER": "width-750",
    "API_THUMBNAIL_FILTER": "fill-360x240",
    # Draft preview tokens minted in the admin ("在小程序中预览"): lifetime, and the mini-program
    # page that opens them (shown to the approver with the token).
    "API_PREVIEW_MINUTES": 30,
    "API_PREVIEW_MINIPROGRAM_PATH": "pages/preview/index",
    # Words added to jieba's dictionary so that search segments local names and slogans whole.
    "SEARCH_EXTRA_WORDS": ["秀英", "秀英区", "党建", "两学一做", "三会一课", "主题党日"],
    # The public website (cms/web/, R-24): False turns its pages, search, feeds and sitemap off
    # (404), leaving the API as the only public channel; previews in the admin still work.
    "PUBLIC_SITE": True,
    # Items per page of a column or of search results; items per column on the home page; the
    # home page's notices and focus pictures; items in a feed.
    "WEB_PAGE_SIZE": 20,
    "WEB_HOME_ITEMS_PER_COLUMN": 6,
    "WEB_HOME_NOTICES": 8,
    "WEB_HOME_FOCUS": 5,
    "WEB_FEED_ITEMS": 20,
    # Seconds the server keeps a rendered public page (0: no page cache); any release, takedown
    # or move starts a new content generation (cms/api/cache.py), so none is ever stale.
    "WEB_CACHE_SECONDS": 600,
    # Seconds browsers and proxies may reuse a public page (Cache-Control max-age).
    "WEB_MAX_AGE_SECONDS": 60,
    # Assessment (R-20..R-22, liaisons/). Days the home page may go without anything new before
    # the freshness watch flags it (the national inspection rules' two weeks).
    "HOME_UPDATE_INTERVAL_DAYS": 14,
    # Places highlighted at each end of the year-end liaison ranking (ties included).
    "ASSESSMENT_HIGHLIGHT_COUNT": 3,
    # The first year the assessment reports offer; the scoring numbers are data (ScoringScheme).
    "ASSESSMENT_FIRST_YEAR": 2026,
    # The compliance check-up (合规体检, cms/compliance/, issue 14) after the national inspection
    # indicators (国办秘函〔2019〕19号): columns of these kinds not updated for these days are
    # stale (栏目不更新); the site fails at this many stale columns, this many columns past their
    # own update interval (应更新未更新), or this many blank columns (空白栏目). A rule is
    # "at risk" when it would trip within COMPLIANCE_AT_RISK_DAYS with nothing updated.
    "COMPLIANCE_STALE_DAYS": {"news": 14, "notices": 180, "policy": 180},
    "COMPLIANCE_STALE_COLUMNS": 5,
    "COMPLIANCE_SHOULD_UPDATE_COLUMNS": 10,
    "COMPLIANCE_BLANK_COLUMNS": 5,
    "COMPLIANCE_AT_RISK_DAYS": 7,
    # A live item whose shown date is earlier than its first release in the release log by more
    # than this is backdated (伪造发稿日期).
    "COMPLIANCE_BACKDATE_TOLERANCE_SECONDS": 300,
    # Availability (站点无法访问): a probe slower than this fails; the site fails when a week's
    # failure rate reaches the limit; the inspection probes at least this often a day.
    "PROBE_TIMEOUT_SECONDS": 15,
    "PROBE_FAILURE_RATE": 0.05,
    "PROBE_WINDOW_DAYS": 7,
    "PROBE_MIN_DAILY": 20,
    # External link checker (cms/compliance/linkcheck.py): requests at once per host and in all,
    # seconds per request, redirects followed, hours a result is reused, the User-Agent sent
    # (robots.txt rules for it, else for "*", are respected).
    "LINKCHECK_PER_HOST": 2,
    "LINKCHECK_CONCURRENCY": 10,
    "LINKCHECK_TIMEOUT_SECONDS": 10,
    "LINKCHECK_MAX_REDIRECTS": 5,
    "LINKCHECK_RECHECK_HOURS": 24,
    "LINKCHECK_USER_AGENT": "XiuyingLinkChecker/1.0",
    # Visits (cms/compliance/visits.py): counted per page and day without cookies or addresses,
    # in each process's memory, pushed to the cache at most every VISITS_PUSH_SECONDS and written
    # to the database by manage.py flush_visits.
    "VISITS_COUNTING": True,
    "VISITS_PUSH_SECONDS": 5,
    "VISITS_CACHE_ALIAS": "default",
    # The background worker (``manage.py db_worker``, cms/ops/worker.py). Whether one is expected
    # to run (production: on): /readyz and security_report then report its heartbeat, written
    # every WORKER_HEARTBEAT_SECONDS and stale after WORKER_STALE_SECONDS.
    "WORKER_EXPECTED": False,
    "WORKER_HEARTBEAT_SECONDS": 15,
    "WORKER_STALE_SECONDS": 120,
    # A queued job waiting longer than this is a backlog: /readyz warns, security_report notes it.
    "QUEUE_MAX_WAIT_SECONDS": 600,
    # Runs of a job that failed on the database (a lost connection, a lock), before it is failed.
    "WORKER_JOB_ATTEMPTS": 5,
}


def get_setting(name: str):
    """Return the project option ``name``: the site's override, else the documented default."""
    overrides = getattr(settings, "XIUYING", {}) or {}
    if name not in DEFAULTS:
        raise KeyError(f"Unknown xiuying-cms setting: {name}")
    value = overrides.get(name, DEFAULTS[name])
    if isinstance(DEFAULTS[name], dict) and isinstance(value, dict):
        return {**DEFAULTS[name], **value}
    return value


def role_name(role: str) -> str:
    """The group name of a role code, e.g. ``role_name("liaison") == "信息联络员"``."""
    return get_setting("ROLE_NAMES")[role]
