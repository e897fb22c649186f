"""gunicorn settings for Seloste; `gunicorn` started in this folder reads them by itself.

Every value can be overridden from the environment (or the command line), so the same file
serves `make serve`, the bench and a real deployment behind a load balancer.
"""

import multiprocessing
import os

# The project package lives in site/, a plain folder so it never shadows the stdlib "site".
pythonpath = "site"
wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages render in a few milliseconds and SQL is the only wait, so one request per
# process is simplest and safest; scale with processes here and with servers behind the balancer.
# Slow clients are nginx's to wait for: it buffers whole requests and answers (deploy/nginx/), so
# a worker is never held by a connection that trickles in (slowloris).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Workers are not recycled. Recycling every 5,000 requests restarted a worker every few seconds
# at cached-page rates: 1.4 s to boot each time, an empty page cache after, 42 % of cached
# throughput lost and p99 up to 0.9 s. Nothing here grows without bound (the page cache and the
# site lookups are bounded), and the master starts a new worker when one dies. Where a leak is
# suspected, GUNICORN_MAX_REQUESTS turns recycling on, spread by a jitter of a fifth so the
# workers never restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 5
# nginx in front (deploy/nginx/) terminates TLS and sets X-Forwarded-Proto; only trust it from the
# addresses listed (default: loopback, nginx on the same server). Django takes the client's
# address from X-Forwarded-For through SELOSTE_TRUSTED_PROXIES, which must list the same.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
