"""gunicorn's settings for `make serve`, from the environment with defaults for one machine.
https://docs.gunicorn.org/en/stable/settings.html"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gunicorn's own rule of thumb, (2 x cores) + 1, for a sync Django site.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Uploads of up to 100 MB are scanned by clamd inside the request (about 1 s per 90 MB).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# The longest request line gunicorn accepts (its maximum; the default is 4094): every request the
# API documents fits, and the proxy in front caps lines below it (8000 bytes) with the API's JSON
# 414 (docs/deploy.md), so no request meets gunicorn's HTML error page instead.
limit_request_line = 8190
# Recycle workers now and then, so a slow leak never grows without bound; the jitter spreads
# the restarts, which otherwise fall together under an even load (seen in `make load`).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 2
# The application (Django, Wagtail, jieba's dictionary) loads once in the master and workers
# fork from it: a recycled worker answers at once instead of after seconds of start-up.
# Connections to PostgreSQL and Redis are opened lazily, so none is shared across the fork.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# The application writes one line per request with its request id (cms/ops/middleware.py).
accesslog = None
errorlog = "-"
control_socket_disable = True  # no shared control socket under the home directory
