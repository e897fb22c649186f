"""What the bench and the soak share: a scratch site on loopback, gunicorn, a load generator.

Everything runs on 127.0.0.1 with free ports chosen by the kernel, in a temporary folder that
is removed afterwards. Loops are bounded by a count or a number of seconds.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The project package (config) for what the bench shares with it, as manage.py does.
sys.path.insert(1, str(ROOT / "site"))
from deploy.nginx import Nginx, free_port  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def closed_port() -> int:
    """A loopback port where nothing listens: the mail server that is down."""
    return free_port()


class ScratchSite:
    """A fresh database (SQLite in the temporary folder, or DATABASE_URL when given) with the
    demo loaded and static files collected, under the loopback production settings."""

    def __init__(self, database_url: str | None = None, mail_port: int | None = None) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="seloste-bench-"))
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.loopback",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DATABASE_URL": database_url or f"sqlite:///{self.dir / 'seloste.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(self.dir / "static"),
            "DJANGO_MEDIA_ROOT": str(self.dir / "media"),
            # The publish counters every process of this site shares (no Redis unless asked).
            "SELOSTE_COUNTER_DIR": str(self.dir / "counters"),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_port or closed_port()),
            "EMAIL_TIMEOUT": "5",
            "SELOSTE_LOAD_TEST": "1",
            "DJANGO_LOG_LEVEL": "CRITICAL",
            "GUNICORN_ACCESSLOG": "",
            "GUNICORN_LOGLEVEL": "warning",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")]),
        }
        self.processes: list[subprocess.Popen] = []
        self.proxies: list[Nginx] = []

    def manage(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            check=check,
            timeout=600,
        )

    def prepare(self) -> None:
        self.manage("migrate", "--no-input")
        self.manage("load_demo")
        self.manage("collectstatic", "--no-input")

    def log(self, name: str) -> dict:
        """Servers log into the temporary folder (kept with BENCH_KEEP=1), not over the report."""
        handle = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        return {"stdout": handle, "stderr": subprocess.STDOUT}

    def start_gunicorn(self, workers: int | None = 2, **env: str) -> str:
        port = free_port()
        count = ["--workers", str(workers)] if workers else []
        process = subprocess.Popen(
            [GUNICORN, *count, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**self.env, **env},
            start_new_session=True,
            **self.log("gunicorn"),
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/fi/", process)
        return base

    def start_nginx(self, upstream: str, name: str = "nginx") -> Nginx:
        """nginx with deploy/nginx/'s loopback configuration in front of `upstream` (a base URL),
        serving this site's static and media folders; stopped with the site."""
        (self.dir / "media").mkdir(exist_ok=True)
        nginx = Nginx(
            self.dir / name,
            upstream.removeprefix("http://"),
            self.env["DJANGO_STATIC_ROOT"],
            self.env["DJANGO_MEDIA_ROOT"],
        )
        nginx.start()
        self.proxies.append(nginx)
        return nginx

    def start_worker(self, **env: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--backend",
                "seloste",
                "--no-reload",
                "--interval",
                "0.5",
                "-v",
                "0",
            ],
            cwd=ROOT,
            env={**self.env, **env},
            start_new_session=True,
            **self.log("db_worker"),
        )
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process in self.processes:
            self.processes.remove(process)

    def stop_proxies(self) -> None:
        for nginx in self.proxies:
            nginx.stop()
        self.proxies.clear()

    def close(self) -> None:
        self.stop_proxies()
        for process in list(self.processes):
            self.stop(process)
        if os.environ.get("BENCH_KEEP") == "1":
            print(f"logs and database kept in {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def scratch_site(**kwargs) -> Iterator[ScratchSite]:
    site = ScratchSite(**kwargs)
    try:
        yield site
    finally:
        site.close()


def wait_for(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(OSError):
            if get(url)[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def split(url: str) -> tuple[str, int, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname, parts.port, parts.path + (f"?{parts.query}" if parts.query else "")


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    host, port, path = split(url)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def post_form(
    url: str, fields: dict[str, str], cookies: str, timeout: float = 60
) -> tuple[int, bytes]:
    host, port, path = split(url)
    body = urllib.parse.urlencode(fields)
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookies,
                "Origin": f"http://{host}:{port}",
                "Referer": url,
            },
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def csrf_for(url: str) -> tuple[str, str]:
    """The form's CSRF token and the cookie header that goes with it."""
    status, headers, body = get(url)
    if status != 200:
        raise RuntimeError(f"GET {url}: {status}")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    return token, f"csrftoken={cookie}"


def _hammer(args: tuple[str, float, int, dict | None]) -> tuple[int, int]:
    """One load process: `threads` loops, each GETting `url` until the time is up."""
    import threading

    url, seconds, threads, headers = args
    host, port, path = split(url)
    ok = [0] * threads
    bad = [0] * threads
    deadline = time.monotonic() + seconds

    def loop(index: int) -> None:
        while time.monotonic() < deadline:
            conn = http.client.HTTPConnection(host, port, timeout=30)
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    ok[index] += 1
                else:
                    bad[index] += 1
            except OSError:
                bad[index] += 1
            finally:
                conn.close()

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(ok), sum(bad)


def requests_per_second(
    url: str,
    seconds: float = 8,
    processes: int = 2,
    threads: int = 4,
    headers: dict[str, str] | None = None,
) -> tuple[float, int]:
    """Successful GETs per second with processes × threads clients, each a new connection
    per request (gunicorn's sync workers close every connection); and the failures."""
    _hammer((url, 1.0, 2, headers))  # warm-up, not counted
    started = time.monotonic()
    with Pool(processes) as pool:
        results = pool.map(_hammer, [(url, seconds, threads, headers)] * processes)
    elapsed = time.monotonic() - started
    ok = sum(r[0] for r in results)
    bad = sum(r[1] for r in results)
    return ok / elapsed, bad


WRK = shutil.which("wrk")


def wrk_rate(
    url: str,
    seconds: float,
    connections: int = 16,
    headers: dict[str, str] | None = None,
    timeout: float = 2,
) -> tuple[float, int]:
    """Requests per second and failures (non-2xx, socket errors) from wrk, keep-alive as a
    browser keeps it (servers that close each connection, as gunicorn's sync workers do, cost a
    new one per request there too). A request unanswered after `timeout` seconds counts as
    failed (wrk's own default is 2)."""
    command = [WRK, "-t", "2", "-c", str(connections), "-d", f"{seconds:.0f}s", "--latency"]
    command += ["--timeout", f"{timeout:g}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    warm_up = [*command[:5], "-d", "1s", "--timeout", f"{timeout:g}s", url]
    subprocess.run(warm_up, capture_output=True, timeout=60)
    result = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60)
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    failed = 0
    for pattern in (
        r"Non-2xx or 3xx responses: (\d+)",
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
    ):
        found = re.search(pattern, out)
        if found:
            failed += sum(int(n) for n in found.groups())
    return rate, failed


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages: how many processes wanted its cores."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f}, {five:.1f}, {fifteen:.1f} on {os.cpu_count()} cores"


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPU(s), {model}, Python {sys.version.split()[0]}"
