"""`make serve`: the production stack on one machine, on loopback, as docs/operators.md draws it.

    nginx on HOST:PORT (deploy/nginx/, loopback variant: static files, page cache, buffering)
      -> gunicorn (gunicorn.conf.py) on a free loopback port
    a task worker (manage.py db_worker --backend seloste: the outbox's mail)

Production settings without TLS (config.settings.loopback) on the SQLite database of `make run`
unless DATABASE_URL says otherwise. Ctrl-C stops all three. The secret key is made once and kept
in .venv; nginx's folder (configuration, cache, logs) is var/nginx.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from deploy.nginx import Nginx, free_port  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

# The default Wagtail site is the address visitors use, so purges and links in mail name it.
SITE_ADDRESS_SCRIPT = """
from wagtail.models import Site
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = {host!r}, {port}
site.save()
"""


def secret_key() -> str:
    path = ROOT / ".venv" / ".serve-secret-key"
    if not path.exists() or not path.read_text().strip():
        path.write_text(secrets.token_urlsafe(50) + "\n")
    return path.read_text().strip()


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    app_port = free_port()
    purge_port = free_port()
    var = ROOT / "var"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.loopback",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secret_key(),
        "DJANGO_ALLOWED_HOSTS": os.environ.get("DJANGO_ALLOWED_HOSTS", f"{host},localhost"),
        "WAGTAILADMIN_BASE_URL": f"http://{host}:{port}",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "SELOSTE_FRONTEND_CACHE_URL": f"http://127.0.0.1:{purge_port}",
        "SELOSTE_COUNTER_DIR": str(var / "counters"),
    }

    def manage(*args: str) -> None:
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)

    manage("collectstatic", "--no-input", "--verbosity", "0")
    manage("migrate", "--no-input")
    manage("load_demo")
    manage("shell", "-c", SITE_ADDRESS_SCRIPT.format(host=host, port=port))

    static_root = os.environ.get("DJANGO_STATIC_ROOT", str(ROOT / "static_collected"))
    media_root = os.environ.get("DJANGO_MEDIA_ROOT", str(ROOT / "media"))
    Path(media_root).mkdir(parents=True, exist_ok=True)
    nginx = Nginx(
        var / "nginx",
        upstream=f"127.0.0.1:{app_port}",
        static_root=static_root,
        media_root=media_root,
        listen=f"{host}:{port}",
        purge_listen=f"127.0.0.1:{purge_port}",
    )
    processes = [
        subprocess.Popen([GUNICORN], cwd=ROOT, env=env, start_new_session=True),
        subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "2",
                "--verbosity",
                "0",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        ),
    ]
    stopping = []

    def stop(*_signal) -> None:
        stopping.append(True)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        nginx.start()
        print(f"Site: http://{host}:{port}/  Notice: http://{host}:{port}/fi/tietosuojaseloste/")
        print(f"nginx in front of gunicorn on 127.0.0.1:{app_port}; logs in {nginx.folder}")
        while not stopping:
            if any(process.poll() is not None for process in processes):
                print("gunicorn or the task worker stopped; stopping the rest", file=sys.stderr)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        nginx.stop()
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
