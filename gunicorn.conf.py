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
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# A worker is replaced after a while, so a slow leak never grows without bound.
max_requests = 5000
max_requests_jitter = 500
# The load balancer or proxy in front terminates TLS and sets X-Forwarded-Proto; only trust it
# from the addresses listed (default: loopback).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
