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
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The application writes one line per request with its request id (cms/ops/middleware.py).
accesslog = None
errorlog = "-"
control_socket_disable = True  # no shared control socket under the home directory
