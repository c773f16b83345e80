"""Gunicorn's settings for `make serve` and production; every one can be changed by environment.

Sync workers, two per core and one more: a request of LISA waits on the database, not on the
network (whitenoise serves static files from memory, slow clients are the reverse proxy's
business). Gunicorn reads this file from the current directory.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A worker that takes longer than this on one request is restarted (an upload of 5 photos
# from a slow phone stays well under it).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Each worker loads the geography index (streets, areas) once, before it forks: less memory.
preload_app = True
# Restart workers now and then, so that a leak in a library cannot grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 1000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Behind an HTTPS reverse proxy on the same machine (see "Running in production").
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
