"""What one visitor's browser does: every cookie (from Set-Cookie headers and script writes),
every localStorage and sessionStorage key, every request to another host.

A `Recorder` listens on one Playwright browser context. It records, it never blocks: what
a real visitor's browser would send is what the scan reports.
"""

import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

BEFORE, AFTER = "before", "after"  # the visitor's choice, for the visitors who make one

# Runs in every frame before the page's own scripts: reports each document.cookie write,
# cookieStore.set() and Storage.setItem() with the script that made it. Reading the stack is
# the only way a page tells which script did something; the first URL in it is the caller.
INIT_SCRIPT = r"""
(() => {
  const report = (kind, data) => {
    try { window.__selosteScan(kind, data); } catch (error) { /* a closing frame */ }
  };
  const caller = () => {
    const lines = String(new Error().stack || "").split("\n").slice(2);
    for (const line of lines) {
      const match = line.match(/\(?((?:https?|file):\/\/[^\s()]+?):\d+:\d+\)?\s*$/);
      if (match) return match[1];
    }
    return "";
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (cookie && cookie.set) {
    Object.defineProperty(Document.prototype, "cookie", {
      configurable: true,
      enumerable: cookie.enumerable,
      get() { return cookie.get.call(this); },
      set(value) {
        const script = caller();
        cookie.set.call(this, value);
        const name = String(value).split(";")[0].split("=")[0].trim();
        const present = ("; " + cookie.get.call(this)).indexOf("; " + name + "=") !== -1;
        report("cookie", { value: String(value), script, present, origin: location.origin });
      },
    });
  }
  if (window.CookieStore && CookieStore.prototype.set) {
    const set = CookieStore.prototype.set;
    CookieStore.prototype.set = function (name, value) {
      const script = caller();
      const options = typeof name === "object" && name ? name : { name, value };
      report("cookiestore", {
        name: String(options.name), expires: options.expires || null,
        domain: options.domain || "", path: options.path || "/", script,
        origin: location.origin,
      });
      return set.apply(this, arguments);
    };
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key) {
    const script = caller();
    const result = setItem.apply(this, arguments);
    let area = "sessionStorage";
    try { if (this === window.localStorage) area = "localStorage"; } catch (error) { /* denied */ }
    report("storage", { area, key: String(key), script, origin: location.origin });
    return result;
  };
})();
"""

# Every storage key in a frame, including those set without setItem (`localStorage.k = v`).
STORAGE_KEYS = """() => {
  const out = [];
  for (const area of ["localStorage", "sessionStorage"]) {
    try {
      const store = window[area];
      for (let i = 0; i < store.length; i++) out.push([area, store.key(i)]);
    } catch (error) { /* storage denied in this frame */ }
  }
  return [location.origin, out];
}"""

# Playwright's resource types, as the scan reports them.
REQUEST_KINDS = {
    "script": "script",
    "image": "image",
    "document": "frame",
    "ping": "beacon",
    "xhr": "xhr",
    "fetch": "xhr",
    "eventsource": "xhr",
    "websocket": "websocket",
    "stylesheet": "style",
    "font": "font",
    "media": "media",
}
URL_LENGTH = 300


@dataclass
class SeenCookie:
    name: str
    domain: str
    path: str
    # Seconds the browser keeps it from when it was set; None: until the browser closes.
    lifetime: float | None
    first_page: str
    # The response whose Set-Cookie header set it, or the script that wrote it.
    set_by: str
    # "header", "script", or "" when the browser did not say.
    how: str
    phase: str
    third_party: bool
    http_only: bool = False
    secure: bool = False
    # Set and removed again on the same page: it still reached the visitor's browser.
    removed: bool = False
    # When the browser will delete it, as an ISO 8601 time; empty for a session cookie.
    expires: str = ""


@dataclass
class SeenStorageKey:
    area: str
    key: str
    origin: str
    first_page: str
    set_by: str
    phase: str
    third_party: bool


@dataclass
class SeenRequest:
    host: str
    kind: str
    phase: str
    url: str
    pages: list[str] = field(default_factory=list)
    count: int = 0
    failure: str = ""


@dataclass
class PageVisit:
    path: str
    status: int | None
    error: str
    phase: str
    # Where the browser ended up, when a redirect took it elsewhere.
    final_url: str = ""


@dataclass
class Recording:
    """Everything one visitor's browser did, page by page."""

    visitor: str
    cookies: list[SeenCookie] = field(default_factory=list)
    storage: list[SeenStorageKey] = field(default_factory=list)
    requests: list[SeenRequest] = field(default_factory=list)
    pages: list[PageVisit] = field(default_factory=list)
    # "made", "not offered" (no banner to choose in), or "" for visitors who do not choose.
    choice: str = ""
    choice_page: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Recording":
        return cls(
            visitor=data["visitor"],
            cookies=[SeenCookie(**c) for c in data.get("cookies", [])],
            storage=[SeenStorageKey(**s) for s in data.get("storage", [])],
            requests=[SeenRequest(**r) for r in data.get("requests", [])],
            pages=[PageVisit(**p) for p in data.get("pages", [])],
            choice=data.get("choice", ""),
            choice_page=data.get("choice_page", ""),
        )


@dataclass
class CookieWrite:
    """A cookie set by a response header or a script, before the browser's jar is read."""

    name: str
    domain: str
    expires_at: float | None
    deletes: bool
    set_by: str
    how: str
    at: float


def parse_set_cookie(header: str, now: float) -> tuple[str, str, float | None, bool]:
    """Name, domain, expiry (epoch seconds, None for a session cookie) and whether the
    header deletes the cookie rather than setting it."""
    first, *attributes = header.split(";")
    name = first.split("=", 1)[0].strip()
    domain, expires_at, max_age = "", None, None
    for attribute in attributes:
        key, __, value = attribute.strip().partition("=")
        key, value = key.strip().lower(), value.strip()
        if key == "max-age":
            try:
                max_age = float(value)
            except ValueError:
                continue
        elif key == "expires":
            try:
                expires_at = parsedate_to_datetime(value).timestamp()
            except (TypeError, ValueError, IndexError):
                continue
        elif key == "domain":
            domain = value.lower()
    if max_age is not None:  # Max-Age wins over Expires (RFC 6265, 5.3)
        expires_at = now + max_age
    deletes = expires_at is not None and expires_at <= now
    return name, domain, expires_at, deletes


def iso_time(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return datetime.fromtimestamp(epoch, tz=UTC).isoformat(timespec="seconds")


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def domain_is_site(domain: str, site_host: str) -> bool:
    """A cookie domain the site itself sets: its own host or a parent domain of it."""
    domain = domain.lstrip(".").lower()
    return site_host == domain or site_host.endswith("." + domain)


class Recorder:
    """Listens on one browser context and keeps one visitor's `Recording`."""

    def __init__(self, context, visitor: str, origin: str, own_hosts: list[str]):
        self.recording = Recording(visitor=visitor)
        self.origin = origin
        self.site_netloc = host_of(origin)
        self.site_host = urlsplit(origin).hostname or ""
        self.own_hosts = {self.site_netloc, *own_hosts}
        self.page_path = ""
        self.phase = BEFORE
        self.inflight: set = set()
        self.last_activity = time.monotonic()
        self.responses: list = []
        self.writes: list[CookieWrite] = []
        self.storage_writes: dict[tuple[str, str, str], str] = {}
        self.cookies: dict[tuple[str, str, str], SeenCookie] = {}
        self.storage: dict[tuple[str, str, str], SeenStorageKey] = {}
        self.requests: dict[tuple[str, str, str], SeenRequest] = {}
        context.add_init_script(INIT_SCRIPT)
        context.expose_binding("__selosteScan", self.on_report)
        context.on("request", self.on_request)
        context.on("requestfinished", self.on_done)
        context.on("requestfailed", self.on_failed)
        context.on("response", self.on_response)

    # -- events (Playwright calls these while the scan waits) --------------------------------

    def is_other_host(self, url: str) -> bool:
        if not url.startswith(("http:", "https:", "ws:", "wss:")):
            return False  # data:, blob:, about:
        return host_of(url) not in self.own_hosts

    def on_request(self, request) -> None:
        self.inflight.add(request)
        self.last_activity = time.monotonic()
        if not self.is_other_host(request.url):
            return
        kind = REQUEST_KINDS.get(request.resource_type, "other")
        if (
            kind == "frame"
            and request.is_navigation_request()
            and request.frame.parent_frame is None
        ):
            kind = "navigation"  # the page itself went to another host
        key = (host_of(request.url), kind, self.phase)
        seen = self.requests.get(key)
        if seen is None:
            url = request.url if len(request.url) <= URL_LENGTH else request.url[:URL_LENGTH] + "…"
            seen = self.requests[key] = SeenRequest(
                host=key[0], kind=kind, phase=self.phase, url=url
            )
        seen.count += 1
        if self.page_path not in seen.pages:
            seen.pages.append(self.page_path)

    def on_response(self, response) -> None:
        # Headers are read after the page settles: asking for them here would wait inside
        # Playwright's own event dispatch.
        self.responses.append(response)

    def on_done(self, request) -> None:
        self.inflight.discard(request)
        self.last_activity = time.monotonic()

    def on_failed(self, request) -> None:
        self.on_done(request)
        if self.is_other_host(request.url):
            kind = REQUEST_KINDS.get(request.resource_type, "other")
            seen = self.requests.get((host_of(request.url), kind, self.phase))
            if seen is not None and not seen.failure:
                seen.failure = request.failure or "failed"

    def on_report(self, source, kind: str, data: dict) -> None:
        now = time.time()
        script = data.get("script") or data.get("origin", "")
        if kind == "cookie":
            name, domain, expires_at, deletes = parse_set_cookie(data.get("value", ""), now)
            # A write the browser refused (a bad domain, say) set nothing.
            if name and (data.get("present") or deletes):
                self.writes.append(
                    CookieWrite(name, domain, expires_at, deletes, script, "script", now)
                )
        elif kind == "cookiestore":
            expires = data.get("expires")
            expires_at = float(expires) / 1000 if expires else None
            deletes = expires_at is not None and expires_at <= now
            domain = data.get("domain", "")
            self.writes.append(
                CookieWrite(data["name"], domain, expires_at, deletes, script, "script", now)
            )
        elif kind == "storage":
            key = (data.get("area", ""), data.get("origin", ""), data.get("key", ""))
            self.storage_writes.setdefault(key, script)

    # -- one page ---------------------------------------------------------------------------

    def begin(self, path: str) -> None:
        self.page_path = path

    def settle(self, page, quiet_ms: int, max_ms: int) -> None:
        """Wait until nothing is in flight for `quiet_ms`, at most `max_ms`: the page's late
        scripts (a tag loaded after `load`, a beacon on a timer) get their chance."""
        deadline = time.monotonic() + max_ms / 1000
        while time.monotonic() < deadline:
            page.wait_for_timeout(50)
            quiet = (time.monotonic() - self.last_activity) * 1000 >= quiet_ms
            if quiet and not self.inflight:
                return

    def snapshot(self, page) -> None:
        """Read the browser's cookie jar, every frame's storage and the Set-Cookie headers
        received, and add what is new to the recording."""
        self.read_headers()
        now = time.time()
        jar = page.context.cookies()
        in_jar = set()
        for cookie in jar:
            key = (cookie["name"], cookie["domain"], cookie["path"])
            in_jar.add(cookie["name"])
            expires = cookie.get("expires", -1)
            expires_at = expires if expires and expires > 0 else None
            write = self.write_for(cookie["name"], cookie["domain"])
            set_at = write.at if write else now
            lifetime = None if expires_at is None else max(0.0, expires_at - set_at)
            seen = self.cookies.get(key)
            if seen is None:
                self.cookies[key] = SeenCookie(
                    name=cookie["name"],
                    domain=cookie["domain"],
                    path=cookie["path"],
                    lifetime=lifetime,
                    first_page=self.page_path,
                    set_by=write.set_by if write else "",
                    how=write.how if write else "",
                    phase=self.phase,
                    third_party=not domain_is_site(cookie["domain"], self.site_host),
                    http_only=cookie.get("httpOnly", False),
                    secure=cookie.get("secure", False),
                    expires=iso_time(expires_at),
                )
            elif write is not None and lifetime is not None:
                # Set again: keep the longest lifetime it was given.
                if seen.lifetime is not None and lifetime > seen.lifetime:
                    seen.lifetime = lifetime
                    seen.expires = iso_time(expires_at)
        for write in self.writes:
            # Written by a script and gone again before the page settled.
            if write.deletes or write.name in in_jar or write.how != "script":
                continue
            domain = write.domain or self.site_host
            key = (write.name, domain, "/")
            if any(k[0] == write.name for k in self.cookies):
                continue
            lifetime = None if write.expires_at is None else write.expires_at - write.at
            self.cookies[key] = SeenCookie(
                name=write.name,
                domain=domain,
                path="/",
                lifetime=lifetime,
                first_page=self.page_path,
                set_by=write.set_by,
                how="script",
                phase=self.phase,
                third_party=not domain_is_site(domain, self.site_host),
                removed=True,
                expires=iso_time(write.expires_at),
            )
        self.writes = []
        self.read_storage(page)

    def read_headers(self) -> None:
        responses, self.responses = self.responses, []
        for response in responses:
            try:
                headers = response.headers_array()
            except Exception:  # noqa: BLE001 - a response of a frame that has gone
                continue
            now = time.time()
            for header in headers:
                if header["name"].lower() != "set-cookie":
                    continue
                # Some servers fold several cookies into one header with newlines.
                for line in header["value"].split("\n"):
                    name, domain, expires_at, deletes = parse_set_cookie(line, now)
                    if name:
                        host = urlsplit(response.url).hostname or ""
                        self.writes.append(
                            CookieWrite(
                                name,
                                domain or host,
                                expires_at,
                                deletes,
                                response.url,
                                "header",
                                now,
                            )
                        )

    def write_for(self, name: str, domain: str) -> CookieWrite | None:
        """The latest write that set this cookie on this page, if the browser told us."""
        bare = domain.lstrip(".")
        candidates = [w for w in self.writes if w.name == name and not w.deletes]
        matching = [w for w in candidates if not w.domain or w.domain.lstrip(".") == bare]
        found = matching or candidates
        return found[-1] if found else None

    def read_storage(self, page) -> None:
        for frame in page.frames:
            try:
                origin, keys = frame.evaluate(STORAGE_KEYS)
            except Exception:  # noqa: BLE001 - a frame that navigated or was detached
                continue
            for area, key in keys:
                ident = (area, origin, key)
                if ident in self.storage:
                    continue
                self.storage[ident] = SeenStorageKey(
                    area=area,
                    key=key,
                    origin=origin,
                    first_page=self.page_path,
                    set_by=self.storage_writes.get(ident, ""),
                    phase=self.phase,
                    third_party=host_of(origin) not in self.own_hosts,
                )
        # Keys written and removed again before the page settled still reached the browser.
        for (area, origin, key), script in self.storage_writes.items():
            ident = (area, origin, key)
            if ident not in self.storage:
                self.storage[ident] = SeenStorageKey(
                    area=area,
                    key=key,
                    origin=origin,
                    first_page=self.page_path,
                    set_by=script,
                    phase=self.phase,
                    third_party=host_of(origin) not in self.own_hosts,
                )
        self.storage_writes = {}

    def visited(self, path: str, status: int | None, error: str, final_url: str = "") -> None:
        self.recording.pages.append(PageVisit(path, status, error, self.phase, final_url))

    def finish(self) -> Recording:
        self.recording.cookies = list(self.cookies.values())
        self.recording.storage = list(self.storage.values())
        self.recording.requests = list(self.requests.values())
        return self.recording
