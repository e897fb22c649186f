"""A first visit of the notice in a real browser (Debian's Chromium), through nginx."""

import os
import shutil

from . import figure
from .pages import NOTICE

FIRST_VISIT_REQUESTS = 4
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ACCEPT_ALL = "Hyväksy kaikki"


@figure(order=300)
def first_visit_requests(bench) -> None:
    """Every request Chromium makes for a first visit of the notice (cold browser cache, no
    consent yet), through nginx; and the consent banner working with the minified script."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not executable:
        bench.check(
            "Chromium installed (apt-get install chromium) for the first-visit figure", False
        )
        return
    from playwright.sync_api import sync_playwright

    proxy = bench.values.get("proxy") or bench.proxy(bench.gunicorn(workers=None)).url
    requests, problems = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="fi-FI")
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(proxy + NOTICE, wait_until="networkidle")
        page.wait_for_timeout(1000)  # the icon is asked for after the load
        first_visit = list(requests)
        before_consent = list(problems)
        banner = page.get_by_role("button", name=ACCEPT_ALL)
        banner_shown = banner.is_visible()
        banner.click()
        page.wait_for_timeout(500)
        accepted = any(c["name"] == "cookie_consent" for c in context.cookies())
        banner_gone = not page.get_by_role("button", name=ACCEPT_ALL).is_visible()
        # After consent the demo's Google tag is asked for; offline it cannot load, which the
        # browser reports as a console error. Script errors count, before consent and after.
        problems = before_consent + [p for p in problems[len(before_consent) :] if "ERR_" not in p]
        context.close()
        browser.close()
    bench.table(
        ["first visit of the notice, Chromium through nginx", "URL"],
        [[number, url.removeprefix(proxy)] for number, url in enumerate(first_visit, 1)],
        align="rl",
    )
    bench.budget("requests of a first visit", len(first_visit), FIRST_VISIT_REQUESTS)
    bench.check(
        "the consent banner works with the minified script (shown, accepted, gone, no error)",
        banner_shown and accepted and banner_gone and not problems,
    )
    if problems:
        bench.show(f"browser errors: {problems}")
