"""Four visitors browse the site in one headless Chromium, one page at a time: one who has
not chosen, one who rejects all, one who accepts all, one whose browser sends Global Privacy
Control. Each has a Chromium of its own with a fresh profile, so nothing one does leaks to
another.

The profile allows third-party cookies and storage, as Chrome does by default: an embed's
cookies (a video player's, an ad network's) are what a scan must see. Playwright's ordinary
contexts are incognito ones, where Chromium always blocks them, so each visitor gets a
persistent context in a temporary profile instead.
"""

import json
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .pages import Target, origin_of
from .recording import AFTER, Recorder, Recording

# Debian's Chromium, headless, with nothing of its own reaching the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
GPC_SCRIPT = """Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {
  configurable: true, enumerable: true, get: () => true,
});"""
# The consent banner's own markup (cookies/templates/cookies/consent_ui.html).
BANNER_BUTTON = "#cc-banner form button[name=action][value={action}]"
# Chromium's own setting "Allow third-party cookies" (CookieControlsMode::kOff).
PROFILE_PREFERENCES = {"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}}


@dataclass(frozen=True)
class Visitor:
    key: str
    # "Visitor who rejects all", a table's heading; "rejected all", in a list of visitors.
    title: str
    label: str
    # The banner button the visitor presses on the first page: "accept", "decline" or none.
    action: str = ""
    gpc: bool = False

    @property
    def consents(self) -> bool:
        """Whether optional cookies and requests are allowed once the choice is made."""
        return self.action == "accept"


VISITORS = (
    Visitor("undecided", _("Visitor who has not chosen"), _("not chosen")),
    Visitor("rejected", _("Visitor who rejects all"), _("rejected all"), action="decline"),
    Visitor("accepted", _("Visitor who accepts all"), _("accepted all"), action="accept"),
    Visitor(
        "gpc",
        _("Visitor whose browser sends Global Privacy Control"),
        _("Global Privacy Control"),
        gpc=True,
    ),
)
VISITORS_BY_KEY = {visitor.key: visitor for visitor in VISITORS}


class BrowserUnavailable(Exception):
    """No Playwright or no Chromium: the scan cannot run at all."""


class SiteUnreachable(Exception):
    """The first page did not load at all: nothing else would."""


class SiteMovedAway(SiteUnreachable):
    """The first page sends the browser to another host (`example.fi` to `www.example.fi`):
    every page would count as another site's, so the scan asks for that address instead."""


@dataclass
class Options:
    chromium: str | None
    own_hosts: list[str]
    time_budget: float
    locale: str = "fi-FI"
    page_timeout_ms: int = 30_000
    quiet_ms: int = 400
    settle_max_ms: int = 5_000


@dataclass
class Browsing:
    recordings: list[Recording]
    visited: int
    skipped: list[str]
    seconds: float


def browse(
    targets: list[Target],
    origin: str,
    options: Options,
    visitors: tuple[Visitor, ...] = VISITORS,
    stop: threading.Event | None = None,
) -> Browsing:
    """Visit every target as every visitor, in a thread of its own.

    Playwright's sync API runs an event loop; in its own thread it never meets the caller's
    (an async server, or a test that drives a browser itself). Nothing here touches the
    database.
    """
    language = translation.get_language()

    def run() -> Browsing:
        # Translations are per thread: messages from here speak the caller's language.
        with translation.override(language):
            return _browse(targets, origin, options, visitors, stop)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cookie-scan") as pool:
        return pool.submit(run).result()


def _browse(targets, origin, options: Options, visitors, stop) -> Browsing:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserUnavailable(
            _("Playwright for Python is not installed: pip install 'seloste[scan]'.")
        ) from error
    if not options.chromium:
        raise BrowserUnavailable(
            _(
                "No Chromium found: install Debian's chromium (apt-get install chromium) "
                "or set SELOSTE_SCAN_CHROMIUM to its path."
            )
        )
    started = time.monotonic()
    with (
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory(prefix="seloste-scan-") as profiles,
    ):
        sessions = []
        try:
            for visitor in visitors:
                profile = Path(profiles) / visitor.key
                sessions.append(Session(playwright, profile, visitor, origin, options))
            # The budget is for visiting pages, not for starting browsers on a busy machine;
            # the first page, where the visitors choose, is always visited.
            browsing = time.monotonic()
            visited, skipped = 0, []
            for index, target in enumerate(targets):
                over_budget = index and time.monotonic() - browsing > options.time_budget
                if over_budget or (stop is not None and stop.is_set()):
                    skipped = [t.path for t in targets[index:]]
                    break
                for session in sessions:
                    session.visit(target, PlaywrightError)
                    first = session.recorder.recording.pages[-1]
                    if index == 0 and first.status is None and first.error:
                        raise SiteUnreachable(first.error)
                    if (
                        index == 0
                        and first.final_url
                        and session.recorder.is_other_host(first.final_url)
                    ):
                        moved = origin_of(first.final_url)
                        raise SiteMovedAway(
                            _(
                                "%(url)s sends visitors to %(moved)s, another host: scan "
                                "that address instead (--url %(moved)s)."
                            )
                            % {"url": target.url, "moved": moved}
                        )
                visited += 1
            recordings = [session.close() for session in sessions]
        finally:
            for session in sessions:
                session.quit()
    return Browsing(recordings, visited, skipped, time.monotonic() - started)


def launch(playwright, profile: Path, options: Options, **context_options):
    """A Chromium with a fresh profile of its own that allows third-party cookies."""
    from playwright.sync_api import Error as PlaywrightError

    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(PROFILE_PREFERENCES))
    try:
        return playwright.chromium.launch_persistent_context(
            profile,
            executable_path=options.chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            **context_options,
        )
    except PlaywrightError as error:
        raise BrowserUnavailable(
            _("Chromium at %(path)s did not start: %(error)s")
            % {"path": options.chromium, "error": str(error).splitlines()[0]}
        ) from error


class Session:
    """One visitor: a browser with its recorder and its one tab."""

    def __init__(self, playwright, profile: Path, visitor: Visitor, origin: str, options):
        self.visitor = visitor
        self.options = options
        headers = {"Sec-GPC": "1"} if visitor.gpc else {}
        # A service worker's own requests never reach the page's events; without one, every
        # request the site makes is seen.
        self.context = launch(
            playwright,
            profile,
            options,
            locale=options.locale,
            extra_http_headers=headers,
            service_workers="block",
        )
        if visitor.gpc:
            self.context.add_init_script(GPC_SCRIPT)
        self.recorder = Recorder(self.context, visitor.key, origin, options.own_hosts)
        # A persistent context opens with one blank tab; the visitor uses it.
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.chosen = not visitor.action

    def visit(self, target: Target, error_class: type[Exception]) -> None:
        recorder = self.recorder
        recorder.begin(target.path)
        status, error, final_url = None, "", ""
        try:
            response = self.page.goto(
                target.url, wait_until="load", timeout=self.options.page_timeout_ms
            )
            status = response.status if response else None
            if self.page.url.split("#")[0] != target.url:
                final_url = self.page.url
        except error_class as exc:
            error = str(exc).splitlines()[0]
        self.settle()
        recorder.visited(target.path, status, error, final_url)
        if not self.chosen and not error:
            self.choose(target, error_class)

    def settle(self) -> None:
        self.recorder.settle(self.page, self.options.quiet_ms, self.options.settle_max_ms)
        self.recorder.snapshot(self.page)

    def choose(self, target: Target, error_class: type[Exception]) -> None:
        """Press "Accept all" or "Reject all" in the banner, as a person would."""
        self.chosen = True
        recording = self.recorder.recording
        recording.choice_page = target.path
        button = self.page.locator(BANNER_BUTTON.format(action=self.visitor.action)).first
        try:
            if not button.count() or not button.is_visible():
                recording.choice = "not offered"
                return
            self.recorder.phase = AFTER
            with self.page.expect_response(is_decision, timeout=self.options.page_timeout_ms):
                button.click()
        except error_class:
            recording.choice = "not offered"
            return
        recording.choice = "made"
        self.settle()

    def close(self) -> Recording:
        return self.recorder.finish()

    def quit(self) -> None:
        self.context.close()


def is_decision(response) -> bool:
    return response.request.method == "POST"
