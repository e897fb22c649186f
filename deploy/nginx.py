"""Seloste's nginx configuration, rendered from deploy/nginx/*.template, and a private nginx.

Production (variables from the environment; see docs/operators.md):

    SELOSTE_SERVER_NAME=tietosuoja.example.fi \\
    SELOSTE_TLS_CERTIFICATE=/etc/letsencrypt/live/tietosuoja.example.fi/fullchain.pem \\
    SELOSTE_TLS_KEY=/etc/letsencrypt/live/tietosuoja.example.fi/privkey.pem \\
        python3 deploy/nginx.py production > /etc/nginx/conf.d/seloste.conf

`make serve`, `make bench`, `make soak` and the proxy tests run the loopback variant in a nginx
of their own (Nginx below): its own folder, free ports, no system service touched.

The templates use `${SELOSTE_…}` for what differs between servers, as envsubst does (only those
names are replaced; nginx's own `$variables` stay as they are), so either tool renders them.
Standard library only: the rendering runs before any virtualenv exists.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATES = HERE / "nginx"
VARIABLE = re.compile(r"\$\{(SELOSTE_[A-Z_]+)\}")
MODULES = Path("/usr/lib/nginx/modules")
# The modules the configuration uses, from Debian's libnginx-mod-http-* packages.
REQUIRED_MODULES = ("ngx_http_cache_purge_module.so", "ngx_http_brotli_static_module.so")

PRODUCTION_DEFAULTS = {
    "SELOSTE_UPSTREAM": "127.0.0.1:8000",
    "SELOSTE_STATIC_ROOT": "/srv/seloste/static_collected",
    "SELOSTE_MEDIA_ROOT": "/srv/seloste/media",
    "SELOSTE_ROOT_FILES": "/srv/seloste/site/root",
    "SELOSTE_CACHE_DIR": "/var/cache/nginx/seloste",
    "SELOSTE_PURGE_LISTEN": "127.0.0.1:8081",
    "SELOSTE_PURGE_ALLOW": "127.0.0.1",
}
PRODUCTION_REQUIRED = ("SELOSTE_SERVER_NAME", "SELOSTE_TLS_CERTIFICATE", "SELOSTE_TLS_KEY")


def substitute(text: str, variables: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in variables:
            raise KeyError(f"{name} is not set")
        return variables[name]

    return VARIABLE.sub(value, text)


def render(kind: str, variables: dict[str, str]) -> str:
    """The whole http-context configuration: shared part, then the `kind` server
    ("production" or "loopback") with the locations inside it."""
    read = lambda name: (TEMPLATES / name).read_text(encoding="utf-8")  # noqa: E731
    locations = substitute(read("locations.conf.template"), variables)
    server = substitute(
        read(f"{kind}.conf.template"), {**variables, "SELOSTE_LOCATIONS": locations.rstrip()}
    )
    return substitute(read("seloste.conf.template"), variables) + "\n" + server


def production_variables(environ: dict[str, str]) -> dict[str, str]:
    missing = [name for name in PRODUCTION_REQUIRED if not environ.get(name)]
    if missing:
        raise SystemExit(f"Set {', '.join(missing)} (see docs/operators.md).")
    return {**PRODUCTION_DEFAULTS, **{k: v for k, v in environ.items() if k.startswith("SELOSTE_")}}


def missing_modules() -> list[str]:
    return [name for name in REQUIRED_MODULES if not (MODULES / name).exists()]


_handed_out: set[int] = set()


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on: from SELOSTE_PORTS ("18800-18999") when set, so servers of
    several checkouts on one machine stay in their own ranges; else one the kernel picks."""
    span = os.environ.get("SELOSTE_PORTS", "")
    if not span:
        with socket.socket() as sock:
            sock.bind((host, 0))
            return sock.getsockname()[1]
    low, high = (int(part) for part in span.split("-"))
    for port in range(low, high + 1):
        if port in _handed_out:
            continue  # handed out earlier, perhaps not listening yet
        with socket.socket() as sock, contextlib.suppress(OSError):
            sock.bind((host, port))
            _handed_out.add(port)
            return port
    raise RuntimeError(f"no free port in SELOSTE_PORTS={span}")


class Nginx:
    """A nginx of its own in `folder`, serving the loopback configuration in front of
    `upstream`: started in the foreground as a child, stopped by its process id."""

    def __init__(
        self,
        folder: Path,
        upstream: str,
        static_root: str,
        media_root: str,
        listen: str | None = None,
        purge_listen: str | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.listen = listen or f"127.0.0.1:{free_port()}"
        self.purge_listen = purge_listen or f"127.0.0.1:{free_port()}"
        self.variables = {
            "SELOSTE_LISTEN": self.listen,
            "SELOSTE_UPSTREAM": upstream,
            "SELOSTE_STATIC_ROOT": str(Path(static_root).resolve()),
            "SELOSTE_MEDIA_ROOT": str(Path(media_root).resolve()),
            "SELOSTE_ROOT_FILES": str(ROOT / "site" / "root"),
            "SELOSTE_CACHE_DIR": str(self.folder / "cache"),
            "SELOSTE_PURGE_LISTEN": self.purge_listen,
            "SELOSTE_PURGE_ALLOW": "127.0.0.1",
        }
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.listen}"

    @property
    def purge_url(self) -> str:
        return f"http://{self.purge_listen}"

    def write(self) -> Path:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise RuntimeError("nginx is not installed: bash deploy/install-packages.sh")
        if missing_modules():
            raise RuntimeError(
                f"nginx modules missing ({', '.join(missing_modules())}): "
                "bash deploy/install-packages.sh"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "seloste.conf").write_text(render("loopback", self.variables))
        modules = "\n".join(f"load_module {MODULES / name};" for name in REQUIRED_MODULES)
        # As root, the workers stay root: they read the scratch folders of whoever started this
        # nginx (a system nginx runs its workers as www-data instead).
        user = "user root;" if os.geteuid() == 0 else ""
        main = f"""# Written by deploy/nginx.py for a nginx of its own; not a system configuration.
{modules}
{user}
worker_processes auto;
pcre_jit on;
pid {self.folder / "nginx.pid"};
error_log {self.folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log off;
    client_body_temp_path {self.folder / "client_body"};
    proxy_temp_path {self.folder / "proxy_temp"};
    fastcgi_temp_path {self.folder / "fastcgi_temp"};
    uwsgi_temp_path {self.folder / "uwsgi_temp"};
    scgi_temp_path {self.folder / "scgi_temp"};
    include {self.folder / "seloste.conf"};
}}
"""
        path = self.folder / "nginx.conf"
        path.write_text(main)
        return path

    def command(self, *extra: str) -> list[str]:
        conf = self.folder / "nginx.conf"
        return [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(self.folder), "-c", str(conf),
                *extra]  # fmt: skip

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=60)

    def start(self, timeout: float = 20) -> str:
        self.write()
        checked = self.check()
        if checked.returncode != 0:
            raise RuntimeError(f"nginx refuses its configuration:\n{checked.stderr}")
        self.process = subprocess.Popen(
            self.command("-g", "daemon off;"),
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "stderr.log", "ab"),  # noqa: SIM115 - lives with nginx
            start_new_session=True,
        )
        host, port = self.listen.rsplit(":", 1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.folder / 'error.log').read_text()}")
            try:
                with socket.create_connection((host, int(port)), timeout=1):
                    return self.url
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not listen on {self.listen} within {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # QUIT: finish the requests in flight, then exit (the master stops its workers).
            os.kill(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("production", "loopback"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "production":
        sys.stdout.write(render("production", production_variables(dict(os.environ))))
    else:
        variables = {k: v for k, v in os.environ.items() if k.startswith("SELOSTE_")}
        sys.stdout.write(render("loopback", variables))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
